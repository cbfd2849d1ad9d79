package server

import (
	"time"

	"github.com/jalonhq/jalon/catalogjson"
	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// evaluationView is the JSON form of one series' evaluation. Numbers that
// cannot be computed are null, never NaN; so is a number beyond float64,
// which values within the limits never give (indicators.MaxMagnitude) but
// a store written before those limits may hold: JSON has no infinity, and
// one would fail the whole answer.
type evaluationView struct {
	Labels          map[string]string `json:"labels"`
	Status          string            `json:"status"`
	Latest          *pointView        `json:"latest"`
	PlannedNow      *float64          `json:"planned_now"`
	PlannedAtLatest *float64          `json:"planned_at_latest"`
	Gap             *float64          `json:"gap"`
	Target          *targetView       `json:"target"`
	Progress        *float64          `json:"progress"`
	Forecast        *forecastView     `json:"forecast"`
	NoForecast      *noForecastView   `json:"no_forecast,omitempty"`
	Probability     *float64          `json:"probability"`
	Confidence      string            `json:"confidence"`
	Done            bool              `json:"done,omitempty"`
	// LastMissed and LastUnverified are the latest milestones passed short
	// of their target on evidence, and passed with no figure near them.
	LastMissed     *targetView `json:"last_missed,omitempty"`
	LastUnverified *targetView `json:"last_unverified,omitempty"`
	// LastJudged is, for a stale series, the status its latest figure had
	// against planned_at_latest.
	LastJudged  string    `json:"last_judged,omitempty"`
	EvaluatedAt time.Time `json:"evaluated_at"`
}

// noForecastView says why there is no forecast: a stable code and the
// reason in words.
type noForecastView struct {
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

type pointView struct {
	Time  time.Time `json:"time"`
	Value *float64  `json:"value"`
	// Qualifier is at_least, at_most or about when the figure is one.
	Qualifier string `json:"qualifier,omitempty"`
}

type targetView struct {
	Value        *float64 `json:"value"`
	Deadline     string   `json:"deadline"`
	DeadlineText string   `json:"deadline_text"`
}

type forecastView struct {
	At    string   `json:"at"`
	Value *float64 `json:"value"`
	Low   *float64 `json:"low"`
	High  *float64 `json:"high"`
}

func viewEvaluation(ind *indicators.Indicator, r evaluator.Result) evaluationView {
	e := r.Eval
	v := evaluationView{
		Labels: r.Labels.Map(), Status: string(e.Status), Confidence: string(e.Confidence),
		Probability: catalogjson.Number(e.Probability), Done: e.Done, EvaluatedAt: e.Now,
	}
	if e.Target >= 0 {
		v.PlannedNow = catalogjson.Number(e.PlannedNow)
	}
	if e.Latest != nil {
		v.Latest = &pointView{Time: e.Latest.Time, Value: catalogjson.Number(e.Latest.Value), Qualifier: e.Latest.Qualifier.String()}
	}
	if e.Latest != nil && e.Target >= 0 {
		v.PlannedAtLatest, v.Gap, v.Progress = catalogjson.Number(e.PlannedAtLatest), catalogjson.Number(e.Gap), catalogjson.Number(e.Progress)
	}
	v.Target = milestoneView(ind, e.Target)
	v.LastMissed, v.LastUnverified = milestoneView(ind, e.LastMissed), milestoneView(ind, e.LastUnverified)
	v.LastJudged = string(e.LastJudged)
	if e.NoForecast.Reason != "" {
		v.NoForecast = &noForecastView{Reason: string(e.NoForecast.Reason), Text: e.NoForecast.String()}
	}
	if f := e.Forecast; f != nil {
		v.Forecast = &forecastView{At: f.At.Format(time.DateOnly),
			Value: catalogjson.Number(f.Value), Low: catalogjson.Number(f.Low), High: catalogjson.Number(f.High)}
	}
	return v
}

// milestoneView is milestone k of ind, nil when there is none.
func milestoneView(ind *indicators.Indicator, k int) *targetView {
	if k < 0 || k >= len(ind.Milestones) {
		return nil
	}
	m := ind.Milestones[k]
	return &targetView{Value: m.Value, Deadline: m.Deadline.Format(time.DateOnly), DeadlineText: m.DeadlineText}
}
