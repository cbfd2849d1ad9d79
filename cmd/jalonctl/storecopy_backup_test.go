package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// store copy restores a backup taken on etcd (the "jalon etcd snapshot v2"
// file of GET /api/v1/admin/backup) into an unused prefix and into a new
// store file, each verified; a backup cut short and one of the first
// format are refused, saying what to do.
func TestStoreCopyFromEtcdBackup(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 1)
	cli, err := clientv3.New(clientv3.Config{Endpoints: cluster.Endpoints, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	// The live deployment: the record seeded, checkpointed (the log cut:
	// the backup is the record, not the log), then backed up.
	orig := recordFile(t)
	in, err := os.Open(orig)
	if err != nil {
		t.Fatal(err)
	}
	live, err := etcdstore.Seed(ctx, etcdstore.Options{Client: cli, Prefix: "jalon/live/", Dir: t.TempDir()}, in)
	in.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	for range 2 {
		if _, err := live.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(t.TempDir(), "jalon-backup.db")
	f, err := os.Create(backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := live.Backup(f, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()

	cfg := filepath.Join(t.TempDir(), "jalon.toml")
	toml := fmt.Sprintf("[storage]\nbackend = \"etcd\"\nendpoints = [%q]\nprefix = \"jalon/restored/\"\n", cluster.Endpoints[0])
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, "", "store", "copy", "--from", backup, "--to", "etcd:"+cfg)
	if code != 0 || !strings.Contains(stdout, "copied and verified: 30 series, 299 points") ||
		!strings.Contains(stderr, "a backup of the etcd backend as of entry") {
		t.Fatalf("copy of the backup to an unused prefix = %d\n%s\n%s", code, stdout, stderr)
	}
	_, stderr, code = runCLI(t, "", "store", "copy", "--from", backup, "--to", "etcd:"+cfg)
	if code != 1 || !strings.Contains(stderr, "unused prefix") {
		t.Errorf("copy of the backup into the used prefix = %d, %s; want a refusal naming the prefix", code, stderr)
	}

	file := filepath.Join(t.TempDir(), "restored.db")
	stdout, stderr, code = runCLI(t, "", "store", "copy", "--from", backup, "--to", file)
	if code != 0 || !strings.Contains(stdout, "copied and verified: 30 series, 299 points") {
		t.Fatalf("copy of the backup to a store file = %d\n%s\n%s", code, stdout, stderr)
	}
	if c, err := compareFiles(t, orig, file); err != nil || c.Revisions != 2 || c.StateEntries != 2 {
		t.Errorf("the restored file against the original = %v, %v; want equal, 2 revisions, 2 state entries", c, err)
	}

	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(t.TempDir(), "short.db")
	if err := os.WriteFile(short, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI(t, "", "store", "copy", "--from", short, "--to", filepath.Join(t.TempDir(), "x.db"))
	if code != 1 || !strings.Contains(stderr, "a backup of the etcd backend as of entry") || !strings.Contains(stderr, "take the backup again") {
		t.Errorf("copy of a backup cut short = %d, %s; want a refusal saying to take it again", code, stderr)
	}
	v1 := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(v1, []byte("jalon etcd log v1\n\x02{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI(t, "", "store", "copy", "--from", v1, "--to", filepath.Join(t.TempDir(), "y.db"))
	if code != 1 || !strings.Contains(stderr, "first format") || !strings.Contains(stderr, "take a new backup") {
		t.Errorf("copy of a first-format backup = %d, %s; want a refusal saying to take a new backup", code, stderr)
	}
}
