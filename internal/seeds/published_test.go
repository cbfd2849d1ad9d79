package seeds_test

import (
	"encoding/csv"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/seeds"
)

// TestPublishedFigures keeps internal/seeds/published.csv, the published
// record of the roadmap, usable: every row names an indicator of the
// catalog with labels it allows, dates that parse in order, a value the
// indicator accepts, a known qualifier, a source and an http(s) URL, and a
// publication date not before the period's end.
func TestPublishedFigures(t *testing.T) {
	f, err := os.Open("published.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("published.csv: %v", err)
	}
	want := []string{"indicator", "labels", "start", "time", "value", "qualifier", "source", "source_url", "published", "notes"}
	if !slices.Equal(rows[0], want) {
		t.Fatalf("published.csv header = %q, want %q", rows[0], want)
	}
	byID := loadCatalog(t).IndicatorsByID()
	for i, r := range rows[1:] {
		if err := checkFigure(byID, r); err != "" {
			t.Errorf("published.csv line %d: %s", i+2, err)
		}
	}
}

func checkFigure(byID map[string]*indicators.Indicator, r []string) string {
	ind, ok := byID[r[0]]
	if !ok {
		return "indicator " + r[0] + " is not in the catalog"
	}
	if r[1] != "" {
		for _, pair := range strings.Split(r[1], ";") {
			name, _, _ := strings.Cut(pair, "=")
			if !slices.Contains(ind.Dimensions, name) {
				return "label " + name + " is not a dimension of " + ind.ID
			}
		}
	}
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	start, end, published := day(r[2]), day(r[3]), day(r[8])
	switch {
	case end.IsZero() || published.IsZero() || (r[2] != "" && start.IsZero()):
		return "start, time and published are YYYY-MM-DD dates (start may be empty)"
	case !start.IsZero() && !start.Before(end):
		return "start is not before time"
	case published.Before(end):
		return "published before the end of the period it reports"
	}
	v, err := strconv.ParseFloat(r[4], 64)
	if err != nil {
		return "value " + r[4] + " is not a number"
	}
	if err := indicators.ValidateValue(ind, v); err != nil {
		return err.Error()
	}
	if !slices.Contains([]string{"", "at_least", "at_most", "about"}, r[5]) {
		return "qualifier " + r[5] + ": want at_least, at_most, about or nothing"
	}
	if u, err := url.Parse(r[7]); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || r[6] == "" {
		return "each figure needs its source and an http(s) URL"
	}
	return ""
}

func TestPublishedParses(t *testing.T) {
	figs, err := seeds.Published()
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) == 0 || figs[0].Indicator != "mes_documents_fed_per_year" || figs[0].Start.IsZero() || figs[0].Published.IsZero() {
		t.Errorf("Published()[0] = %+v, want the 1-1 figure of 2024 with its period and publication date", figs[0])
	}
}
