package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/storecmp"
)

// recordFile makes a store file holding every kind of record: points,
// a revision, a deletion, catalog revisions, state entries, an audited
// state value.
func recordFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jalon.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := t.Context()
	at := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	var ms []indicators.Measurement
	for i := range 300 {
		ms = append(ms, indicators.Measurement{Indicator: "docs", Labels: indicators.Labels{{Name: "region", Value: fmt.Sprintf("%02d", i%30)}},
			Time: at.AddDate(0, 0, -i/30), Value: float64(i), Source: "pull"})
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = st.Write(ctx, ms, "importer")
	must(err)
	ms[0].Value = 42
	_, err = st.Write(ctx, ms[:1], "corrector")
	must(err)
	_, err = st.Delete(ctx, []store.Target{{Indicator: "docs", Labels: ms[1].Labels, At: ms[1].Time}}, "typo", "admin")
	must(err)
	for _, name := range []string{"Documents", "Documents fed"} {
		_, _, err = st.PutIndicator(store.StoredIndicator{ID: "docs", Name: name, Unit: "count"}, "catalog", "file")
		must(err)
	}
	must(st.PutState(store.StateOutbox, "n1", []byte("pending")))
	must(st.PutStateAudited(store.StateAssessments, "1-1", []byte(`{"rating":"likely"}`), store.AuditEntry{Actor: "owner", Action: store.ActionAssess}))
	return path
}

// store copy takes a store file to an unused etcd prefix and back, each
// copy verified; a used prefix and an existing file are refused.
func TestStoreCopyRoundTrip(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 3)
	cfg := filepath.Join(t.TempDir(), "jalon.toml")
	toml := fmt.Sprintf("[storage]\nbackend = \"etcd\"\nendpoints = [%q]\nprefix = \"jalon/copy/\"\n", cluster.Endpoints[0])
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := recordFile(t)

	stdout, stderr, code := runCLI(t, "", "store", "copy", "--from", orig, "--to", "etcd:"+cfg)
	if code != 0 || !strings.Contains(stdout, "copied and verified: 30 series, 299 points") || !strings.Contains(stderr, "compared") {
		t.Fatalf("copy to etcd = %d\n%s\n%s", code, stdout, stderr)
	}
	_, stderr, code = runCLI(t, "", "store", "copy", "--from", orig, "--to", "etcd:"+cfg)
	if code != 1 || !strings.Contains(stderr, "unused prefix") {
		t.Errorf("copy into the used prefix = %d, %s; want a refusal naming the prefix", code, stderr)
	}

	back := filepath.Join(t.TempDir(), "back.db")
	stdout, stderr, code = runCLI(t, "", "store", "copy", "--from", "etcd:"+cfg, "--to", back)
	if code != 0 || !strings.Contains(stdout, "copied and verified") {
		t.Fatalf("copy from etcd = %d\n%s\n%s", code, stdout, stderr)
	}
	_, stderr, code = runCLI(t, "", "store", "copy", "--from", "etcd:"+cfg, "--to", back)
	if code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("copy over an existing file = %d, %s; want a refusal", code, stderr)
	}

	c, err := compareFiles(t, orig, back)
	if err != nil {
		t.Fatalf("the round trip differs from the original: %v", err)
	}
	if c.Series != 30 || c.Points != 299 || c.DeletedSeries != 0 || c.Revisions != 2 || c.StateEntries != 2 || c.AuditEntries < 5 {
		t.Errorf("round trip compared %v", c)
	}
}

// compareFiles compares the store files at a and b record by record.
func compareFiles(t *testing.T, a, b string) (storecmp.Counts, error) {
	t.Helper()
	var sts []*store.Store
	for _, path := range []string{a, b} {
		st, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sts = append(sts, st)
	}
	return storecmp.Compare(sts[0], sts[1], nil)
}
