package testpeer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// TestEtcdKillRestart starts three etcd processes: with one killed the
// other two still commit writes, and the killed one, restarted, rejoins
// and serves what was committed while it was down.
func TestEtcdKillRestart(t *testing.T) {
	t.Parallel()
	c := StartEtcd(t, 3)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cli := etcdClient(t, c.Endpoints...)
	if _, err := cli.Put(ctx, "k", "before"); err != nil {
		t.Fatalf("put on a healthy cluster: %v", err)
	}
	c.Kill(0)
	if c.Healthy(0) {
		t.Fatal("member 0 answers /health after Kill")
	}
	// A put in flight while the killed member led times out: the client
	// tries again, as jalond does, and the two left elect a leader.
	var lastErr error
	if err := Poll(30*time.Second, func() (bool, error) {
		_, lastErr = cli.Put(ctx, "k", "during")
		return lastErr == nil, nil
	}); err != nil {
		t.Fatalf("put with two members of three: %v; last: %v", err, lastErr)
	}
	c.Restart(0)
	only0 := etcdClient(t, c.Endpoints[0])
	Eventually(t, 30*time.Second, "the restarted member serves the write made while it was down", func() bool {
		r, err := only0.Get(ctx, "k")
		return err == nil && len(r.Kvs) == 1 && string(r.Kvs[0].Value) == "during"
	})
}

func etcdClient(t *testing.T, endpoints ...string) *clientv3.Client {
	t.Helper()
	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 10 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli
}

// TestAlertmanagerPair sends one alert to both members of the pair, as
// each jalond replica does: the webhook hears of it once, also after the
// second member's peer timeout (15 s) has passed.
func TestAlertmanagerPair(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := 0
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got++
		mu.Unlock()
	}))
	defer hook.Close()
	count := func() int { mu.Lock(); defer mu.Unlock(); return got }
	ams := StartAlertmanagerPair(t, WebhookConfig(hook.URL))
	now := time.Now().UTC()
	body, _ := json.Marshal([]map[string]any{{
		"labels":   map[string]string{"alertname": "PairTest", "instance": "x"},
		"startsAt": now.Format(time.RFC3339Nano), "endsAt": now.Add(5 * time.Minute).Format(time.RFC3339Nano)}})
	for _, base := range ams {
		resp, err := http.Post(base+"/api/v2/alerts", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s/api/v2/alerts = %d", base, resp.StatusCode)
		}
	}
	Eventually(t, 30*time.Second, "the webhook is notified", func() bool { return count() > 0 })
	time.Sleep(18 * time.Second) // the second member's peer timeout, and a margin
	if n := count(); n != 1 {
		t.Errorf("webhook notified %d times, want once: %s", n, fmt.Sprint(ams))
	}
}
