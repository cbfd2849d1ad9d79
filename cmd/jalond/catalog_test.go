package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
)

const reconcileCatalog = `[catalog]
name = "Reconcile"

[[axis]]
id = 1
name = "Prévention"

[[priority]]
id = 1
axis = 1

[[objective]]
id = "1-1"
title = "Alimentation de Mon espace santé"
owners = ["DNS"]

  [[objective.indicator]]
  id = "docs"
  name = "Documents"
  kind = "level"
  unit = "count"

    [[objective.indicator.milestone]]
    value = 250e6
    deadline = "2023-12-31"
`

// TestCatalogReconcile starts three times on one store: a first start
// records the file's targets, an API edit then stays in force across a
// restart with the file unchanged, and a changed file becomes a new
// revision in force.
func TestCatalogReconcile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "catalog.toml")
	st, err := store.Open(filepath.Join(dir, "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := &config.Daemon{CatalogFiles: []string{file}}
	log := slog.New(slog.DiscardHandler)
	target := func(t *testing.T) float64 {
		t.Helper()
		c, err := loadCatalog(cfg, st, log)
		if err != nil {
			t.Fatal(err)
		}
		ind, _, _ := c.Indicator("docs")
		return *ind.Milestones[0].Value
	}
	revisions := func(t *testing.T) []string {
		t.Helper()
		revs, err := st.Revisions("docs")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range revs {
			out = append(out, r.Actor)
		}
		return out
	}

	os.WriteFile(file, []byte(reconcileCatalog), 0o644)
	if got := target(t); got != 250e6 {
		t.Fatalf("first start: target %g, want 250e6 from the file", got)
	}
	if got := target(t); got != 250e6 || len(revisions(t)) != 1 {
		t.Fatalf("second start: target %g, revisions %v; want 250e6 and one revision", got, revisions(t))
	}

	stored, err := st.Indicators()
	if err != nil {
		t.Fatal(err)
	}
	edited := stored["docs"].Definition
	v := 300e6
	edited.Milestones[0].Value = &v
	if _, _, err := st.PutIndicator(edited, "ops", "target raised by the steering committee"); err != nil {
		t.Fatal(err)
	}
	if got := target(t); got != 300e6 {
		t.Errorf("restart after an API edit, file unchanged: target %g, want the edit, 300e6", got)
	}
	if got := strings.Join(revisions(t), ","); got != "catalog,ops" {
		t.Errorf("revisions = %s, want catalog,ops: a restart must not add one", got)
	}

	os.WriteFile(file, []byte(strings.Replace(reconcileCatalog, "250e6", "350e6", 1)), 0o644)
	if got := target(t); got != 350e6 {
		t.Errorf("restart with a changed file: target %g, want the file's 350e6", got)
	}
	if got := strings.Join(revisions(t), ","); got != "catalog,ops,catalog" {
		t.Errorf("revisions = %s, want catalog,ops,catalog", got)
	}
}

// TestCatalogOverrideWarned loads a catalog file that replaces an embedded
// objective without one of its indicators: jalond starts, and says so.
func TestCatalogOverrideWarned(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "override.toml")
	override := `[[objective]]
id = "1-1"
title = "Alimentation de Mon espace santé"
owners = ["DNS"]
`
	if err := os.WriteFile(file, []byte(override), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs strings.Builder
	cfg := &config.Daemon{EmbeddedCatalog: true, CatalogFiles: []string{file}}
	c, err := loadCatalog(cfg, st, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("loadCatalog with an override dropping indicators: %v", err)
	}
	if _, _, ok := c.Indicator(documentsFed); ok {
		t.Errorf("%s is still in the catalog after its objective was replaced without it", documentsFed)
	}
	if got := logs.String(); !strings.Contains(got, `msg="catalog override"`) || !strings.Contains(got, documentsFed) ||
		!strings.Contains(got, "override.toml") {
		t.Errorf("log = %s; want a catalog override warning naming the file and %s", got, documentsFed)
	}
}
