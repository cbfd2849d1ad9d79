package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// committed is where the generated dashboards are committed, from this
// package's directory.
const committed = "../dashboards"

// TestDashboardsUpToDate regenerates the dashboards and compares them with
// the committed ones, so that a change to the generator without `make
// dashboards` fails.
func TestDashboardsUpToDate(t *testing.T) {
	dir := t.TempDir()
	if err := run([]string{"-out", dir}, io.Discard); err != nil {
		t.Fatalf("run = %v", err)
	}
	fresh, old := jsonFiles(t, dir), jsonFiles(t, committed)
	if !slices.Equal(fresh, old) {
		t.Fatalf("committed dashboards = %v, generated = %v; run make dashboards", old, fresh)
	}
	for _, name := range fresh {
		want, _ := os.ReadFile(filepath.Join(dir, name))
		got, _ := os.ReadFile(filepath.Join(committed, name))
		if !bytes.Equal(got, want) {
			t.Errorf("deploy/grafana/dashboards/%s is stale: run make dashboards", name)
		}
	}
}

func jsonFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	return names
}

// dashboardJSON is what the tests read back of a rendered dashboard.
type dashboardJSON struct {
	UID    string `json:"uid"`
	Panels []struct {
		ID      int    `json:"id"`
		Type    string `json:"type"`
		Title   string `json:"title"`
		GridPos struct{ X, W int }
		Targets []struct {
			RefID string `json:"refId"`
			Expr  string `json:"expr"`
		} `json:"targets"`
	} `json:"panels"`
}

func rendered(t *testing.T) []dashboardJSON {
	t.Helper()
	files, err := render()
	if err != nil {
		t.Fatalf("render = %v", err)
	}
	var out []dashboardJSON
	for _, f := range files {
		var d dashboardJSON
		if err := json.Unmarshal(f.data, &d); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		out = append(out, d)
	}
	return out
}

// TestDashboardsWellFormed checks what Grafana relies on: the stable uids,
// unique panel ids, panels within the 24-column grid, one refId per query.
func TestDashboardsWellFormed(t *testing.T) {
	var uids []string
	for _, d := range rendered(t) {
		uids = append(uids, d.UID)
		ids := map[int]bool{}
		for _, p := range d.Panels {
			if p.ID == 0 || ids[p.ID] {
				t.Errorf("%s: panel %q has id %d, want a unique id", d.UID, p.Title, p.ID)
			}
			ids[p.ID] = true
			if p.GridPos.X+p.GridPos.W > 24 || p.GridPos.W == 0 {
				t.Errorf("%s: panel %q spans columns %d+%d, want within 24", d.UID, p.Title, p.GridPos.X, p.GridPos.W)
			}
			refs := map[string]bool{}
			for _, q := range p.Targets {
				if q.RefID == "" || refs[q.RefID] {
					t.Errorf("%s: panel %q has query refId %q, want a unique one", d.UID, p.Title, q.RefID)
				}
				refs[q.RefID] = true
			}
		}
	}
	if want := []string{"jalon-roadmap", "jalon-indicator", "jalon-health"}; !slices.Equal(uids, want) {
		t.Errorf("uids = %v, want %v: links and provisioning depend on them", uids, want)
	}
}

func exprs(t *testing.T) []string {
	var out []string
	for _, d := range rendered(t) {
		for _, p := range d.Panels {
			for _, q := range p.Targets {
				if q.Expr != "" {
					out = append(out, q.Expr)
				}
			}
		}
	}
	return out
}

// TestMetricsExist checks that every jalon_ metric a dashboard queries is
// still defined by the daemon: its name is a string literal in the Go
// source, outside tests.
func TestMetricsExist(t *testing.T) {
	var src bytes.Buffer
	err := filepath.WalkDir("../../..", func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.Contains(path, "deploy") {
			return err
		}
		b, err := os.ReadFile(path)
		src.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`jalon_[a-z_]+`)
	seen := map[string]bool{}
	for _, e := range exprs(t) {
		for _, m := range name.FindAllString(e, -1) {
			m = strings.TrimSuffix(m, "_bucket")
			if !seen[m] && !bytes.Contains(src.Bytes(), []byte(`"`+m+`"`)) {
				t.Errorf("a dashboard queries %s, which no Go source defines", m)
			}
			seen[m] = true
		}
	}
}

// TestPromQLValid has promtool parse every query, as recording rules with
// the dashboard variables replaced by values. Skipped without promtool.
func TestPromQLValid(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool is not installed (make test-deps)")
	}
	vars := strings.NewReplacer("$__rate_interval", "5m", "$axis", ".*", "$owner", ".*",
		"$instance", ".*", "$indicator", "x", "$objective", "1-1")
	var rules strings.Builder
	rules.WriteString("groups:\n- name: dashboards\n  rules:\n")
	for i, e := range exprs(t) {
		q, _ := json.Marshal(vars.Replace(e))
		rules.WriteString("  - record: dashboard_query_" + strconv.Itoa(i) + "\n    expr: " + string(q) + "\n")
	}
	file := filepath.Join(t.TempDir(), "rules.yml")
	if err := os.WriteFile(file, []byte(rules.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "check", "rules", file).CombinedOutput(); err != nil {
		t.Errorf("promtool check rules = %v\n%s", err, out)
	}
}
