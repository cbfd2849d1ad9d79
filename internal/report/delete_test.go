package report

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// TestReportBeforeDeletion checks that a report as known at a date before a
// deletion still shows what was deleted, and one after it does not. The
// fixture's clock stays at 2025-08-05, the deletion's date.
func TestReportBeforeDeletion(t *testing.T) {
	st, c := fixture(t)
	targets := []store.Target{
		{Indicator: "share", Labels: indicators.Labels{{Name: "region", Value: "93"}}},
		{Indicator: "docs", At: date("2025-06-30")},
	}
	if _, err := st.Delete(t.Context(), targets, "test push", "admin"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		at         string
		actual     string
		shareParts int
	}{
		{"2025-08-04", "2025-06-30", 2},
		{"2025-08-05", "2025-03-31", 1},
	} {
		var got struct {
			Objectives []struct {
				Indicators []struct {
					Parts  int
					Actual *struct{ Time time.Time }
				}
			}
		}
		if err := json.Unmarshal([]byte(render(t, st, c, Query{At: EndOfDay(date(tt.at))}, "json", Options{})), &got); err != nil {
			t.Fatal(err)
		}
		docs, share := got.Objectives[0].Indicators[0], got.Objectives[1].Indicators[0]
		if docs.Actual == nil || docs.Actual.Time.Format(time.DateOnly) != tt.actual || share.Parts != tt.shareParts {
			t.Errorf("report at %s: docs actual %+v, share parts %d; want %s, %d", tt.at, docs.Actual, share.Parts, tt.actual, tt.shareParts)
		}
	}
}
