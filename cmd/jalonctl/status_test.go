package main

import (
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/wire"
)

// TestStatusNullValue checks that a latest value the daemon sends as null
// (beyond float64, from a store written before the value limits) prints as
// unknown: decoded into a float64, as before the wire types, it read 0.
func TestStatusNullValue(t *testing.T) {
	v := &wire.Objectives{EvaluatedAt: "2025-02-01T00:00:00Z", Objectives: []wire.ObjectiveStatus{{
		Objective: wire.Objective{ID: "1-1"},
		Indicators: []wire.IndicatorStatus{{Indicator: wire.Indicator{ID: "x", Unit: "count"},
			Evaluations: []wire.Evaluation{{Status: "stale", Confidence: "low",
				Latest: &wire.Point{Time: time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)}}}}},
	}}}
	var b strings.Builder
	if err := printStatus(&b, v, nil, ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if fields := strings.Fields(lines[1]); len(fields) < 5 || fields[3] != "-" || fields[4] != "2025-01-31" {
		t.Errorf("status row = %q, want actual - as of 2025-01-31", lines[1])
	}
}
