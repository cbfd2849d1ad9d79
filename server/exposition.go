package server

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/jalonhq/jalon/evaluator"
	"github.com/jalonhq/jalon/indicators"
)

// The per-series families are written straight from the snapshot in the
// Prometheus text format instead of through a prometheus.Collector: a
// Collector builds a protobuf message per sample on every scrape, which for
// 100 000 series costs seconds and hundreds of MiB. Writing bytes directly,
// and caching them per snapshot generation, is what kube-state-metrics does
// for the same reason.

// family is one metric family of the snapshot exposition.
type family struct {
	name, help string
	// value returns the sample of a result, ok false when it has none.
	value func(r *evaluator.Result) (float64, bool)
}

func seriesFamilies() []family {
	return []family{
		{"jalon_indicator_value", "Latest measured value of the series (for a count-input rate, the trailing yearly rate).", latestValue},
		{"jalon_indicator_value_timestamp_seconds", "Time the latest measured value refers to, in seconds since the epoch.", latestTime},
		{"jalon_indicator_planned_value", "Planned value of the series now.", planned(func(e *indicators.Evaluation) float64 { return e.PlannedNow })},
		{"jalon_indicator_planned_at_latest_value", "Planned value at the date of the latest measured value.", judged(func(e *indicators.Evaluation) float64 { return e.PlannedAtLatest })},
		{"jalon_indicator_gap_ratio", "Gap between the latest value and the plan at its date, as a share of the planned change; negative is behind.", judged(func(e *indicators.Evaluation) float64 { return e.Gap })},
		{"jalon_indicator_progress_ratio", "Share of the way from the baseline to the current target covered by the latest value.", judged(func(e *indicators.Evaluation) float64 { return e.Progress })},
		{"jalon_indicator_forecast_value", "Forecast value at the current target's deadline.", forecast(func(f *indicators.Forecast) float64 { return f.Value })},
		{"jalon_indicator_forecast_lower_value", "Lower bound of the forecast's prediction interval.", forecast(func(f *indicators.Forecast) float64 { return f.Low })},
		{"jalon_indicator_forecast_upper_value", "Upper bound of the forecast's prediction interval.", forecast(func(f *indicators.Forecast) float64 { return f.High })},
		{"jalon_indicator_target_probability", "Probability, between 0 and 1, of meeting the current target by its deadline.", func(r *evaluator.Result) (float64, bool) { return finite(r.Eval.Probability) }},
	}
}

func latestValue(r *evaluator.Result) (float64, bool) {
	if r.Eval.Latest == nil {
		return 0, false
	}
	return r.Eval.Latest.Value, true
}

func latestTime(r *evaluator.Result) (float64, bool) {
	if r.Eval.Latest == nil {
		return 0, false
	}
	return float64(r.Eval.Latest.Time.UnixMilli()) / 1000, true
}

// planned gives a value that exists when the series has a target: not for
// the territorial parts of an additive indicator, which have none.
func planned(pick func(*indicators.Evaluation) float64) func(*evaluator.Result) (float64, bool) {
	return func(r *evaluator.Result) (float64, bool) {
		if r.Eval.Target < 0 {
			return 0, false
		}
		return finite(pick(&r.Eval))
	}
}

// judged gives a value that exists when the series has a target and data.
func judged(pick func(*indicators.Evaluation) float64) func(*evaluator.Result) (float64, bool) {
	return func(r *evaluator.Result) (float64, bool) {
		if r.Eval.Target < 0 || r.Eval.Latest == nil {
			return 0, false
		}
		return finite(pick(&r.Eval))
	}
}

func forecast(pick func(*indicators.Forecast) float64) func(*evaluator.Result) (float64, bool) {
	return func(r *evaluator.Result) (float64, bool) {
		if r.Eval.Forecast == nil {
			return 0, false
		}
		return finite(pick(r.Eval.Forecast))
	}
}

func finite(v float64) (float64, bool) { return v, !math.IsNaN(v) && !math.IsInf(v, 0) }

// encodeSnapshot writes every per-series and per-objective family of s.
func encodeSnapshot(w io.Writer, s *evaluator.Snapshot) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	e := &encoder{w: bw, labels: seriesLabels(s)}
	for _, f := range seriesFamilies() {
		e.header(f.name, f.help)
		for i := range s.Results {
			if v, ok := f.value(&s.Results[i]); ok {
				e.sample(f.name, e.labels[i], "", "", v)
			}
		}
	}
	e.targets(s)
	e.states(s)
	e.info(s)
	return bw.Flush()
}

// seriesLabels renders each result's label set once per snapshot.
func seriesLabels(s *evaluator.Snapshot) []string {
	out := make([]string, len(s.Results))
	var b strings.Builder
	for i, r := range s.Results {
		b.Reset()
		writeLabel(&b, "indicator", r.Indicator)
		b.WriteByte(',')
		writeLabel(&b, "objective", r.Objective)
		for _, l := range r.Labels {
			b.WriteByte(',')
			writeLabel(&b, l.Name, l.Value)
		}
		out[i] = b.String()
	}
	return out
}

func (e *encoder) targets(s *evaluator.Snapshot) {
	byID := s.Catalog.IndicatorsByID()
	target := func(r *evaluator.Result) (indicators.Milestone, bool) {
		ind, ok := byID[r.Indicator]
		if !ok || r.Eval.Target < 0 || r.Eval.Target >= len(ind.Milestones) {
			return indicators.Milestone{}, false
		}
		return ind.Milestones[r.Eval.Target], true
	}
	const value, deadline = "jalon_indicator_target_value", "jalon_indicator_target_deadline_timestamp_seconds"
	e.header(value, "Value of the current target (1 for a done/not-done milestone).")
	for i := range s.Results {
		if m, ok := target(&s.Results[i]); ok {
			v := 1.0
			if m.Value != nil {
				v = *m.Value
			}
			e.sample(value, e.labels[i], "", "", v)
		}
	}
	e.header(deadline, "Deadline of the current target, in seconds since the epoch.")
	for i := range s.Results {
		if m, ok := target(&s.Results[i]); ok {
			e.sample(deadline, e.labels[i], "", "", float64(m.Deadline.Unix()))
		}
	}
}

func (e *encoder) states(s *evaluator.Snapshot) {
	const status, confidence = "jalon_indicator_status", "jalon_indicator_delivery_confidence"
	e.header(status, "Status of the series: 1 for the current state, 0 for the others.")
	for i, r := range s.Results {
		for _, st := range indicators.Statuses {
			e.sample(status, e.labels[i], "status", string(st), boolValue(r.Eval.Status == st))
		}
	}
	e.header(confidence, "Delivery confidence of the series: 1 for the current level, 0 for the others.")
	for i, r := range s.Results {
		for _, c := range indicators.Confidences {
			e.sample(confidence, e.labels[i], "confidence", string(c), boolValue(r.Eval.Confidence == c))
		}
	}
}

func (e *encoder) info(s *evaluator.Snapshot) {
	const objective, indicator = "jalon_objective_info", "jalon_indicator_info"
	e.header(objective, "Objectives of the catalog, always 1; the labels carry the description.")
	var b strings.Builder
	for _, o := range s.Catalog.Objectives {
		b.Reset()
		axis, _ := s.Catalog.AxisOf(o.Axis)
		writeLabels(&b, "objective", o.ID, "axis", axis.Name, "priority", strconv.Itoa(o.Priority),
			"title", o.Title, "owner", first(o.Owners), "owners", strings.Join(o.Owners, ","))
		e.sample(objective, b.String(), "", "", 1)
	}
	e.header(indicator, "Indicators of the catalog, always 1; the labels carry the description.")
	for _, o := range s.Catalog.Objectives {
		for _, ind := range o.Indicators {
			b.Reset()
			writeLabels(&b, "indicator", ind.ID, "objective", o.ID, "name", ind.Name, "kind", string(ind.Kind),
				"unit", ind.Unit, "direction", string(ind.Direction))
			e.sample(indicator, b.String(), "", "", 1)
		}
	}
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// encoder writes samples of the text format into a buffered writer; write
// errors are sticky in bufio and returned by Flush.
type encoder struct {
	w      *bufio.Writer
	labels []string
	num    []byte
}

func (e *encoder) header(name, help string) {
	e.w.WriteString("# HELP ")
	e.w.WriteString(name)
	e.w.WriteByte(' ')
	e.w.WriteString(help)
	e.w.WriteString("\n# TYPE ")
	e.w.WriteString(name)
	e.w.WriteString(" gauge\n")
}

func (e *encoder) sample(name, labels, extraName, extraValue string, v float64) {
	e.w.WriteString(name)
	e.w.WriteByte('{')
	e.w.WriteString(labels)
	if extraName != "" {
		e.w.WriteByte(',')
		e.w.WriteString(extraName)
		e.w.WriteString(`="`)
		e.w.WriteString(extraValue)
		e.w.WriteByte('"')
	}
	e.w.WriteString("} ")
	e.num = strconv.AppendFloat(e.num[:0], v, 'g', -1, 64)
	e.w.Write(e.num)
	e.w.WriteByte('\n')
}

func writeLabels(b *strings.Builder, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		writeLabel(b, kv[i], kv[i+1])
	}
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func writeLabel(b *strings.Builder, name, value string) {
	b.WriteString(name)
	b.WriteString(`="`)
	labelEscaper.WriteString(b, value)
	b.WriteByte('"')
}
