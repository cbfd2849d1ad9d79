package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
)

// The [storage] keys that tune the etcd backend take effect: lease_ttl is
// the TTL of the replica's election lease in etcd, and quota_bytes with
// quota_high_water is where that replica refuses writes, while a replica
// on the defaults beside it takes them.
func TestEtcdTuningKeysE2E(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 1)
	const prefix = "jalon/tuning/"
	config := func(extra string) string {
		cfg := filepath.Join(t.TempDir(), "jalon.toml")
		toml := fmt.Sprintf("[storage]\nbackend = \"etcd\"\nendpoints = [%q]\nprefix = %q\n%s", cluster.Endpoints[0], prefix, extra)
		if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	a := startDaemon(t, t.TempDir(), "--config.file="+config(""))
	t.Cleanup(func() { a.stop(t) })
	p := point{Indicator: documentsFed, Time: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Value: 1000}
	if code, body, err := a.push(t.Context(), "", p); err != nil || code != http.StatusOK {
		t.Fatalf("push on the defaults = %d %s, %v", code, body, err)
	}
	var size float64
	waitWithin(t, time.Now(), 10*time.Second, "the database size on the defaults' /metrics", func() bool {
		var ok bool
		size, ok = sampleValue(a.metricsText(t), "jalon_etcd_db_size_bytes")
		return ok && size > 0
	})
	if v, _ := sampleValue(a.metricsText(t), "jalon_etcd_db_high_water"); v != 0.9 {
		t.Errorf("jalon_etcd_db_high_water on the defaults = %v, want 0.9", v)
	}

	// A quota the record already fills past half of it.
	quota := int64(size)
	b := startDaemon(t, t.TempDir(), "--config.file="+config(fmt.Sprintf("lease_ttl = \"3s\"\nquota_high_water = 0.5\nquota_bytes = %d\n", quota)))
	t.Cleanup(func() { b.stop(t) })
	p.Time = p.Time.AddDate(0, 1, 0)
	code, body, err := b.push(t.Context(), "", p)
	if err != nil || code != http.StatusServiceUnavailable || !strings.Contains(string(body), fmt.Sprintf("past 50%% of the %d-byte quota", quota)) {
		t.Errorf("push past the configured quota = %d %s, %v; want 503 naming 50%% of the %d-byte quota", code, body, err, quota)
	}
	text := b.metricsText(t)
	if v, _ := sampleValue(text, "jalon_etcd_db_quota_bytes"); v != float64(quota) {
		t.Errorf("jalon_etcd_db_quota_bytes = %v, want quota_bytes %d", v, quota)
	}
	if v, _ := sampleValue(text, "jalon_etcd_db_high_water"); v != 0.5 {
		t.Errorf("jalon_etcd_db_high_water = %v, want quota_high_water 0.5", v)
	}
	if code, body, err := a.push(t.Context(), "", p); err != nil || code != http.StatusOK {
		t.Errorf("push on the defaults beside it = %d %s, %v", code, body, err)
	}

	// Each replica campaigns with a key on its own lease.
	cli := cluster.Client(t)
	var ttls []int64
	waitWithin(t, time.Now(), 10*time.Second, "both replicas campaigning", func() bool {
		resp, err := cli.Get(t.Context(), prefix+"leader/", clientv3.WithPrefix())
		if err != nil || len(resp.Kvs) != 2 {
			return false
		}
		ttls = ttls[:0]
		for _, kv := range resp.Kvs {
			l, err := cli.TimeToLive(t.Context(), clientv3.LeaseID(kv.Lease))
			if err != nil {
				return false
			}
			ttls = append(ttls, l.GrantedTTL)
		}
		return true
	})
	slices.Sort(ttls)
	if !slices.Equal(ttls, []int64{3, 5}) {
		t.Errorf("election leases granted for %v s, want 3 (lease_ttl) and 5 (the default)", ttls)
	}
}
