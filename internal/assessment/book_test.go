package assessment

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestHistoryKeptAfterRestart: every assessment stays, in time order, with
// an audit entry each, after the store is closed and opened again.
func TestHistoryKeptAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	st := openStore(t, path)
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	book := NewBook(st)
	for i, a := range []Assessment{
		{Objective: "1-1", Rating: indicators.ConfidenceAmberRed, Comment: "Retard des éditeurs", Author: "Mme Durand", Time: day},
		{Objective: "1-1", Indicator: "mes_documents_fed_per_year", Rating: indicators.ConfidenceGreen, Comment: "Rattrapage en cours",
			Actions: "Relance des éditeurs\nPoint mensuel", Author: "Mme Durand", Time: day.AddDate(0, 0, 7)},
		{Objective: "2-1", Rating: indicators.ConfidenceRed, Comment: "Bloqué", Author: "M. Martin", Time: day},
	} {
		if err := book.Record(a, "dns-token"); err != nil {
			t.Fatalf("Record #%d = %v", i, err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = openStore(t, path)
	defer st.Close()
	got, err := NewBook(st).History("1-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Rating != indicators.ConfidenceAmberRed || got[1].Actions != "Relance des éditeurs\nPoint mensuel" {
		t.Fatalf("History(1-1) after restart = %+v, want both assessments of 1-1 in time order", got)
	}
	audit, err := st.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 3 || audit[0].Action != store.ActionAssess || audit[0].Actor != "dns-token" || audit[0].Objective != "1-1" || audit[0].Rating != "amber_red" {
		t.Errorf("Audit = %+v, want three assess entries, the first by dns-token on 1-1 rated amber_red", audit)
	}
	latest, err := NewBook(st).Latest()
	if err != nil {
		t.Fatal(err)
	}
	if a := latest[Key{"1-1", ""}]; a.Comment != "Retard des éditeurs" {
		t.Errorf("Latest[1-1] = %+v, want the objective's own assessment", a)
	}
}

func TestCheckNamesEachField(t *testing.T) {
	a := Assessment{Objective: "1-1", Rating: "sunny", Comment: " ", Author: "x\u202ey", Actions: strings.Repeat("a", MaxActions+1)}
	err := a.Check()
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("Check = %v, want ErrInvalid", err)
	}
	for _, want := range []string{`rating "sunny": want one of green, amber_green, amber_red, red`, "comment: empty", "actions: 2001 bytes, at most 2000", "author line 1:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Check = %v, want %q", err, want)
		}
	}
}

func TestDiverges(t *testing.T) {
	tests := []struct {
		owners, computed indicators.Confidence
		want             bool
	}{
		{indicators.ConfidenceGreen, indicators.ConfidenceAmberRed, true},
		{indicators.ConfidenceGreen, indicators.ConfidenceRed, true},
		{indicators.ConfidenceAmberGreen, indicators.ConfidenceRed, true},
		{indicators.ConfidenceGreen, indicators.ConfidenceAmberGreen, false},
		{indicators.ConfidenceRed, indicators.ConfidenceGreen, false}, // owners more worried: no flag
		{indicators.ConfidenceGreen, indicators.ConfidenceInsufficient, false},
		{indicators.ConfidenceGreen, indicators.ConfidenceUnknown, false},
	}
	for _, tc := range tests {
		if got := Diverges(tc.owners, tc.computed); got != tc.want {
			t.Errorf("Diverges(%s, %s) = %v, want %v", tc.owners, tc.computed, got, tc.want)
		}
	}
}
