package api

import (
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

// storedPoints is the wire form of the points a deletion removed; nil
// stays nil, as the answer said before it had a wire type.
func storedPoints(ps []store.RemovedPoint) []wire.StoredPoint {
	if ps == nil {
		return nil
	}
	out := make([]wire.StoredPoint, len(ps))
	for i, p := range ps {
		out[i] = wire.StoredPoint{Time: p.Time.UTC(), Value: p.Value, Source: p.Source}
	}
	return out
}

// pullerWire is the wire form of a puller's state. Its times are in UTC:
// the state keeps the next run in the schedule's zone, and the API writes
// every time as UTC RFC 3339 whatever zone it was computed in.
func pullerWire(s collector.State) wire.Puller {
	return wire.Puller{
		Name: s.Name, Type: s.Type, Schedule: s.Schedule, Timezone: s.Timezone, Target: s.Target,
		Indicator: s.Indicator, Running: s.Running, NextRun: s.NextRun.UTC(), LastRun: s.LastRun.UTC(),
		LastDuration: s.LastDuration, LastResult: s.LastResult, LastSuccess: s.LastSuccess.UTC(),
		LastError: s.LastError, ConsecutiveFailures: s.ConsecutiveFailures, NotModified: s.NotModified,
		Points: wire.PullerPoints{New: s.Points.New, Revised: s.Points.Revised, Unchanged: s.Points.Unchanged,
			NoValue: s.Points.NoValue, Invalid: s.Points.Invalid},
		SkippedReasons: s.SkippedReasons,
	}
}

// pullersWire is the body of GET /api/v1/pullers.
func pullersWire(states []collector.State) wire.Pullers {
	out := wire.Pullers{Pullers: make([]wire.Puller, 0, len(states))}
	for _, s := range states {
		out.Pullers = append(out.Pullers, pullerWire(s))
	}
	return out
}
