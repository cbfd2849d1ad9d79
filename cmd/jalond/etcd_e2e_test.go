package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
)

// With [storage] backend = "etcd", the record is etcd's: a second jalond
// on the same prefix reads a point the first acknowledged, and a jalond
// started later on an empty storage path finds it still.
func TestEtcdBackendE2E(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 3)
	cfg := filepath.Join(t.TempDir(), "jalon.toml")
	toml := fmt.Sprintf("[storage]\nbackend = \"etcd\"\nendpoints = [%q, %q, %q]\nprefix = \"jalon/e2e/\"\n",
		cluster.Endpoints[0], cluster.Endpoints[1], cluster.Endpoints[2])
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	a := startDaemon(t, t.TempDir(), "--config.file="+cfg)
	b := startDaemon(t, t.TempDir(), "--config.file="+cfg)
	p := point{Indicator: documentsFed, Time: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Value: 1234}
	if code, body, err := a.push(t.Context(), "", p); err != nil || code != http.StatusOK {
		t.Fatalf("push to the first replica = %d %s, %v", code, body, err)
	}
	// b's local copy follows the log through etcd's watch: the point
	// reaches it within a second (TestEtcdReplicasFollowE2E measures it),
	// later on a loaded machine.
	deadline := time.Now().Add(10 * time.Second)
	for _, ok := b.stored(t, "", documentsFed)[p.key()]; !ok && time.Now().Before(deadline); _, ok = b.stored(t, "", documentsFed)[p.key()] {
		time.Sleep(20 * time.Millisecond)
	}
	checkAllStored(t, b.stored(t, "", documentsFed), []point{p})
	if _, err := os.Stat(filepath.Join(a.dir, "jalon.db")); err == nil {
		t.Errorf("%s/jalon.db exists: with the etcd backend, no bbolt record is kept", a.dir)
	}
	a.stop(t)
	b.stop(t)
	c := startDaemon(t, t.TempDir(), "--config.file="+cfg)
	checkAllStored(t, c.stored(t, "", documentsFed), []point{p})
	c.stop(t)
}
