package assessment

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// TestCollector: /metrics gives the latest rating of each objective as a
// state set, and no divergence while the figures give no rating.
func TestCollector(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "jalon.db"))
	defer st.Close()
	book := NewBook(st)
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, a := range []Assessment{
		{Objective: "1-1", Rating: indicators.ConfidenceRed, Comment: "Avant", Author: "A", Time: day},
		{Objective: "1-1", Rating: indicators.ConfidenceGreen, Comment: "Après", Author: "A", Time: day.Add(time.Hour)},
	} {
		if err := book.Record(a, "t"); err != nil {
			t.Fatal(err)
		}
	}
	cat := &indicators.Catalog{Objectives: []indicators.Objective{{ID: "1-1"}}}
	snap := func() *evaluator.Snapshot { return &evaluator.Snapshot{Catalog: cat} }
	want := `# HELP jalon_assessment_rating Owners' latest assessment of an objective (indicator="") or indicator: 1 for its rating, 0 for the three others.
# TYPE jalon_assessment_rating gauge
jalon_assessment_rating{indicator="",objective="1-1",rating="amber_green"} 0
jalon_assessment_rating{indicator="",objective="1-1",rating="amber_red"} 0
jalon_assessment_rating{indicator="",objective="1-1",rating="green"} 1
jalon_assessment_rating{indicator="",objective="1-1",rating="red"} 0
# HELP jalon_assessment_diverges 1 when the owners' latest assessment is two or more levels more optimistic than the computed delivery confidence, else 0.
# TYPE jalon_assessment_diverges gauge
jalon_assessment_diverges{indicator="",objective="1-1"} 0
`
	if err := testutil.CollectAndCompare(NewCollector(book, snap), strings.NewReader(want), "jalon_assessment_rating", "jalon_assessment_diverges"); err != nil {
		t.Error(err)
	}
}
