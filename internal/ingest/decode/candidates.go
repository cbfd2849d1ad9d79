package decode

import (
	"fmt"
	"time"

	"github.com/jalonhq/jalon/internal/ingest"
)

// Candidates parses the items' times and sets aside the items that failed
// decoding, keeping every problem in the order of the batch.
func Candidates(items []Item, decodeErrs []ItemError) ([]ingest.Item, []ingest.Problem) {
	failed := make(map[string]string, len(decodeErrs))
	for _, e := range decodeErrs {
		failed[e.Where] = e.Msg
	}
	var bad []ingest.Problem
	out := make([]ingest.Item, 0, len(items))
	for _, it := range items {
		if msg, ok := failed[it.Where]; ok {
			bad = append(bad, ingest.Problem{Where: it.Where, Msg: msg})
			continue
		}
		t, err := ParseTime(it.Time)
		if err != nil {
			bad = append(bad, ingest.Problem{Where: it.Where, Msg: "time: " + err.Error()})
			continue
		}
		pub, err := it.rawPublished.parse()
		if err != nil {
			bad = append(bad, ingest.Problem{Where: it.Where, Msg: err.Error()})
			continue
		}
		out = append(out, ingest.Item{Where: it.Where, Indicator: it.Indicator, Labels: it.Labels, Time: t, Value: *it.Value, Source: it.Source, Published: pub})
	}
	return out, bad
}

// ParseTime accepts RFC 3339 times and plain dates. A plain date means
// midnight UTC, as the catalog's deadlines do, so that "2024-03-31" reads
// back as that day whatever the daemon's time zone.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("missing")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time nor a YYYY-MM-DD date", s)
	}
	return t, nil
}
