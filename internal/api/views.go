package api

import (
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/wire"
)

func viewEvaluation(ind *indicators.Indicator, r evaluator.Result) wire.Evaluation {
	e := r.Eval
	v := wire.Evaluation{
		Labels: r.Labels.Map(), Status: string(e.Status), Confidence: string(e.Confidence),
		Probability: wire.Number(e.Probability), Done: e.Done, EvaluatedAt: e.Now.UTC(),
	}
	if e.Target >= 0 {
		v.PlannedNow = wire.Number(e.PlannedNow)
	}
	if e.Latest != nil {
		v.Latest = &wire.Point{Time: e.Latest.Time.UTC(), Value: wire.Number(e.Latest.Value), Qualifier: e.Latest.Qualifier.String()}
	}
	if e.Latest != nil && e.Target >= 0 {
		v.PlannedAtLatest, v.Gap, v.Progress = wire.Number(e.PlannedAtLatest), wire.Number(e.Gap), wire.Number(e.Progress)
	}
	v.Target = milestoneView(ind, e.Target)
	v.LastMissed, v.LastUnverified = milestoneView(ind, e.LastMissed), milestoneView(ind, e.LastUnverified)
	v.LastJudged = string(e.LastJudged)
	if e.NoForecast.Reason != "" {
		v.NoForecast = &wire.NoForecast{Reason: string(e.NoForecast.Reason), Text: e.NoForecast.String()}
	}
	if f := e.Forecast; f != nil {
		v.Forecast = &wire.Forecast{At: f.At.UTC().Format(time.DateOnly),
			Value: wire.Number(f.Value), Low: wire.Number(f.Low), High: wire.Number(f.High)}
	}
	v.Pace = paceView(ind, e.Pace)
	return v
}

// milestoneView is milestone k of ind, nil when there is none.
func milestoneView(ind *indicators.Indicator, k int) *wire.Target {
	if k < 0 || k >= len(ind.Milestones) {
		return nil
	}
	m := ind.Milestones[k]
	return &wire.Target{Value: m.Value, Deadline: m.Deadline.Format(time.DateOnly), DeadlineText: m.DeadlineText}
}
