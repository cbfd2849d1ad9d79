package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
)

// TestQuorumLossPushE2E: with two etcd members of three down, a push is
// answered 503 within the backend's 10 s (the member may give up first),
// saying that etcd did not answer,
// what to check, and that nothing was recorded; with a quorum back the same
// push is acknowledged.
func TestQuorumLossPushE2E(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 3)
	cfg := filepath.Join(t.TempDir(), "jalon.toml")
	toml := fmt.Sprintf("[storage]\nbackend = \"etcd\"\nendpoints = [%q, %q, %q]\nprefix = \"jalon/quorum/\"\n",
		cluster.Endpoints[0], cluster.Endpoints[1], cluster.Endpoints[2])
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	d := startDaemon(t, t.TempDir(), "--config.file="+cfg)
	p := point{Indicator: documentsFed, Time: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), Value: 10}
	if code, body, err := d.push(t.Context(), "", p); err != nil || code != http.StatusOK {
		t.Fatalf("push with a quorum = %d %s, %v", code, body, err)
	}

	cluster.StopMember(1)
	cluster.StopMember(2)
	lost := p
	lost.Time, lost.Value = p.Time.AddDate(0, 3, 0), 20
	start := time.Now()
	code, body, err := d.push(t.Context(), "", lost)
	t.Logf("push without a quorum, answered after %s: %d %s", time.Since(start).Round(time.Millisecond), code, body)
	if err != nil || code != http.StatusServiceUnavailable {
		t.Fatalf("push without a quorum = %d %s, %v; want 503", code, body, err)
	}
	if took := time.Since(start); took > 12*time.Second {
		t.Errorf("the 503 came after %s; want within the backend's 10 s timeout", took)
	}
	for _, want := range []string{"etcd did not answer ", "no quorum among its members?",
		"etcdctl endpoint health", "the change was not recorded: send it again once etcd answers"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the 503's body lacks %q", want)
		}
	}

	for _, i := range []int{1, 2} { // the cluster's Stop closes each member once
		if err := cluster.RestartMember(i, 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if err := testpeer.Poll(30*time.Second, func() (bool, error) {
		code, _, err := d.push(t.Context(), "", lost)
		return err == nil && code == http.StatusOK, nil
	}); err != nil {
		t.Fatalf("the push sent again with a quorum back was never acknowledged: %v", err)
	}
	checkAllStored(t, d.stored(t, "", documentsFed), []point{p, lost})
	d.stop(t)
}
