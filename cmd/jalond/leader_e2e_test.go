package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
)

// Two jalond replicas on one etcd record: one leads (jalon_leader 1, the
// other 0); the follower refuses "run this puller now" with a 503 naming
// the leader, shows the leader's runs, and takes over within 15 s of the
// leader's kill -9, after which it runs the puller itself.
func TestLeaderE2E(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 3)
	var fetched atomic.Int64
	csv, err := os.ReadFile(filepath.Join("..", "..", "internal", "collector", "testdata", "ins-regions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched.Add(1)
		w.Write(csv)
	}))
	t.Cleanup(src.Close)
	cfg := filepath.Join(t.TempDir(), "jalon.toml")
	toml := fmt.Sprintf(`[storage]
backend = "etcd"
endpoints = [%q, %q, %q]
prefix = "jalon/leader-e2e/"

[[puller]]
name = "ins"
type = "csv"
schedule = "@yearly"
indicator = "ins_qualified_share"
url = "%s"
source = "data.gouv.fr"
  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux_ins_qualifiees"
  label_columns = { region = "code_region" }
`, cluster.Endpoints[0], cluster.Endpoints[1], cluster.Endpoints[2], src.URL)
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	a := startDaemon(t, t.TempDir(), "--config.file="+cfg)
	waitLeader(t, a, 1, 10*time.Second)
	b := startDaemon(t, t.TempDir(), "--config.file="+cfg)
	waitLeader(t, b, 0, time.Second)
	if v := leaderGauge(t, a); v != 1 {
		t.Errorf("a's jalon_leader = %g with b up, want 1", v)
	}

	code, body, err := b.do("POST", "/api/v1/pullers/ins/run", "", nil)
	// The leader by its machine and port, then the URL it listens on.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(a.base, "http://"))
	if want := "the leader is " + net.JoinHostPort(hostname(), port) + " (" + a.base + "/)"; err != nil ||
		code != http.StatusServiceUnavailable || !strings.Contains(string(body), want) {
		t.Errorf("POST run on the follower = %d %s, %v; want 503 saying %q", code, body, err, want)
	}
	if n := fetched.Load(); n != 0 {
		t.Errorf("the source was fetched %d times after a refused run, want 0", n)
	}
	code, body, err = a.do("POST", "/api/v1/pullers/ins/run", "", nil)
	if err != nil || code != http.StatusOK {
		t.Fatalf("POST run on the leader = %d %s, %v; want 200", code, body, err)
	}
	if n := fetched.Load(); n != 1 {
		t.Errorf("the source was fetched %d times after one run, want 1", n)
	}

	// The follower shows the leader's run, read again from the record as
	// the watch applies it (well before the evaluation interval, 1 min).
	err = testpeer.Poll(10*time.Second, func() (bool, error) {
		var ps struct {
			Pullers []struct {
				LastRun time.Time `json:"last_run"`
			} `json:"pullers"`
		}
		b.getJSON(t, "/api/v1/pullers", "", &ps)
		return len(ps.Pullers) == 1 && !ps.Pullers[0].LastRun.IsZero(), nil
	})
	if err != nil {
		t.Errorf("the follower's GET /api/v1/pullers never showed the leader's run: %v", err)
	}

	killed := time.Now()
	a.kill()
	waitLeader(t, b, 1, 15*time.Second)
	t.Logf("failover after kill -9 of the leader: %s (jalon_leader of the survivor seen at 1)", time.Since(killed).Round(100*time.Millisecond))
	code, body, err = b.do("POST", "/api/v1/pullers/ins/run", "", nil)
	if err != nil || code != http.StatusOK {
		t.Errorf("POST run on the new leader = %d %s, %v; want 200", code, body, err)
	}
	if n := fetched.Load(); n != 2 {
		t.Errorf("the source was fetched %d times after two runs, want 2", n)
	}
	b.stop(t)
}

func leaderGauge(t *testing.T, d *daemon) float64 {
	t.Helper()
	v, ok := sampleValue(d.metricsText(t), "jalon_leader")
	if !ok {
		t.Fatalf("%s/metrics has no jalon_leader", d.base)
	}
	return v
}

func waitLeader(t *testing.T, d *daemon, want float64, within time.Duration) {
	t.Helper()
	err := testpeer.Poll(within, func() (bool, error) { return leaderGauge(t, d) == want, nil })
	if err != nil {
		t.Fatalf("%s: jalon_leader never %g within %s: %v", d.base, want, within, err)
	}
}
