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

// A point pushed to one replica shows on the other's series API, /metrics
// and objective page within a second, and a target edited on one is in
// force on the other as fast; a replica cut off from etcd says so on
// /-/ready, keeps serving what it has, and is ready again once etcd is
// back.
func TestEtcdReplicasFollowE2E(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 3)
	// The second replica reaches etcd through a proxy the test can cut.
	proxy := testpeer.NewProxy(t, strings.TrimPrefix(cluster.Endpoints[0], "http://"))
	config := func(endpoints ...string) string {
		cfg := filepath.Join(t.TempDir(), "jalon.toml")
		toml := fmt.Sprintf("[storage]\nbackend = \"etcd\"\nendpoints = [\"%s\"]\nprefix = \"jalon/follow/\"\n", strings.Join(endpoints, `", "`))
		if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	a := startDaemon(t, t.TempDir(), "--config.file="+config(cluster.Endpoints...))
	b := startDaemon(t, t.TempDir(), "--config.file="+config("http://"+proxy.Addr()))
	t.Cleanup(func() { a.stop(t); b.stop(t) })

	labels := `indicator="mes_documents_fed_per_year",objective="1-1"`
	for i, day := range []time.Time{time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 31, 0, 0, 0, 0, time.UTC)} {
		p := point{Indicator: documentsFed, Time: day, Value: float64(1000 * (i + 1))}
		if code, body, err := a.push(t.Context(), "", p); err != nil || code != http.StatusOK {
			t.Fatalf("push to the first replica = %d %s, %v", code, body, err)
		}
		acked := time.Now()
		for _, check := range []struct {
			what string
			ok   func() bool
		}{
			{"the series API", func() bool { _, ok := b.stored(t, "", documentsFed)[p.key()]; return ok }},
			{"/metrics", func() bool {
				v, ok := sampleValue(b.metricsText(t), fmt.Sprintf(`jalon_indicator_value_timestamp_seconds{%s}`, labels))
				return ok && v == float64(day.Unix())
			}},
			{"the objective page", func() bool {
				code, body, err := b.do("GET", "/objectives/1-1", "", nil)
				return err == nil && code == http.StatusOK && strings.Contains(string(body), `<span class="date">`+day.Format(time.DateOnly)+`</span>`)
			}},
		} {
			waitWithin(t, acked, time.Second, fmt.Sprintf("point %d on the second replica, %s", i+1, check.what), check.ok)
		}
	}

	// A deletion on the first replica takes the second's latest value back.
	if code, body, err := a.do("DELETE", "/api/v1/indicators/"+documentsFed+"/points?time=2025-07-31&reason=e2e", "", nil); err != nil || code != http.StatusOK {
		t.Fatalf("DELETE on the first replica = %d %s, %v", code, body, err)
	}
	waitWithin(t, time.Now(), time.Second, "the deletion on the second replica's /metrics", func() bool {
		v, ok := sampleValue(b.metricsText(t), fmt.Sprintf(`jalon_indicator_value_timestamp_seconds{%s}`, labels))
		return ok && v == float64(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC).Unix())
	})

	name := "Documents fed, renamed on the first replica"
	if code, body, err := a.do("PUT", "/api/v1/indicators/"+documentsFed, "", []byte(fmt.Sprintf(`{"reason":"e2e","name":%q}`, name))); err != nil || code != http.StatusOK {
		t.Fatalf("PUT on the first replica = %d %s, %v", code, body, err)
	}
	waitWithin(t, time.Now(), time.Second, "the edit in force on the second replica", func() bool {
		code, body, err := b.do("GET", "/api/v1/indicators/"+documentsFed, "", nil)
		return err == nil && code == http.StatusOK && strings.Contains(string(body), name)
	})
	// Scraped while the leader may be writing what the edit moved: an
	// entry being applied is not "out of sync".
	if v, ok := sampleValue(b.metricsText(t), "jalon_etcd_in_sync"); !ok || v != 1 {
		_, ready, _ := b.do("GET", "/-/ready", "", nil)
		t.Errorf("second replica's jalon_etcd_in_sync = %v (present %v), want 1; /-/ready: %s", v, ok, ready)
	}

	proxy.Cut()
	var said string
	waitWithin(t, time.Now(), 10*time.Second, "/-/ready to say the cut-off replica is out of sync", func() bool {
		code, body, err := b.do("GET", "/-/ready", "", nil)
		said = string(body)
		return err == nil && code == http.StatusServiceUnavailable
	})
	if !strings.Contains(said, "not in sync") {
		t.Errorf("/-/ready of the cut-off replica = %q, want it to say it is not in sync", said)
	}
	t.Logf("cut off: %s", strings.TrimSpace(said))
	if v, ok := sampleValue(b.metricsText(t), "jalon_etcd_in_sync"); !ok || v != 0 {
		t.Errorf("cut-off replica's jalon_etcd_in_sync = %v (present %v), want 0", v, ok)
	}
	if _, ok := b.stored(t, "", documentsFed)[point{Indicator: documentsFed, Time: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Value: 1000}.key()]; !ok {
		t.Errorf("the cut-off replica no longer serves the points it holds")
	}
	proxy.Restore()
	waitWithin(t, time.Now(), 20*time.Second, "/-/ready once etcd is back", func() bool {
		code, _, err := b.do("GET", "/-/ready", "", nil)
		return err == nil && code == http.StatusOK
	})
}

// waitWithin polls ok until it holds, failing the test if that takes more
// than limit from since; it logs how long it took.
func waitWithin(t *testing.T, since time.Time, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	for !ok() {
		if time.Since(since) > limit {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("%s: %v", what, time.Since(since).Round(time.Millisecond))
}
