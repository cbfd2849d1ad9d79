package exposition

import (
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// The per-series families are written straight from the snapshot in the
// Prometheus text format instead of through a prometheus.Collector: a
// Collector builds a protobuf message per sample on every scrape, which for
// 100 000 series costs seconds and hundreds of MiB. Writing bytes directly,
// and caching them per snapshot generation, is what kube-state-metrics does
// for the same reason.

// family is one per-series metric family of the snapshot exposition.
type family struct {
	name, help string
	// value returns what the lines of a result show, ok false when it has
	// none: the sample, or in a family of states the index of the current
	// one. Equal values render equal lines, which is what lets an encoding
	// reuse the lines of the previous one.
	value func(x *snapIndex, r *evaluator.Result) (float64, bool)
	// stateLabel and states, in a family of states, give one line per
	// state, 1 for the current one and 0 for the others.
	stateLabel string
	states     []string
}

// seriesFamilies are in the order of the exposition.
var seriesFamilies = []family{
	{name: "jalon_indicator_value", help: "Latest measured value of the series (for a count-input rate, the trailing yearly rate).", value: ofResult(latestValue)},
	{name: "jalon_indicator_value_timestamp_seconds", help: "Time the latest measured value refers to, in seconds since the epoch.", value: ofResult(latestTime)},
	{name: "jalon_indicator_planned_value", help: "Planned value of the series now.", value: ofResult(planned(func(e *indicators.Evaluation) float64 { return e.PlannedNow }))},
	{name: "jalon_indicator_planned_at_latest_value", help: "Planned value at the date of the latest measured value.", value: ofResult(judged(func(e *indicators.Evaluation) float64 { return e.PlannedAtLatest }))},
	{name: "jalon_indicator_gap_ratio", help: "Gap between the latest value and the plan at its date, as a share of the planned change; negative is behind.", value: ofResult(judged(func(e *indicators.Evaluation) float64 { return e.Gap }))},
	{name: "jalon_indicator_progress_ratio", help: "Share of the way from the baseline to the current target covered by the latest value.", value: ofResult(judged(func(e *indicators.Evaluation) float64 { return e.Progress }))},
	{name: "jalon_indicator_forecast_value", help: "Forecast value at the current target's deadline.", value: ofResult(forecast(func(f *indicators.Forecast) float64 { return f.Value }))},
	{name: "jalon_indicator_forecast_lower_value", help: "Lower bound of the forecast's prediction interval.", value: ofResult(forecast(func(f *indicators.Forecast) float64 { return f.Low }))},
	{name: "jalon_indicator_forecast_upper_value", help: "Upper bound of the forecast's prediction interval.", value: ofResult(forecast(func(f *indicators.Forecast) float64 { return f.High }))},
	{name: "jalon_indicator_target_probability", help: "Probability, between 0 and 1, of meeting the current target by its deadline.", value: ofResult(func(r *evaluator.Result) (float64, bool) { return finite(r.Eval.Probability) })},
	{name: "jalon_indicator_target_value", help: "Value of the current target (1 for a done/not-done milestone).", value: targetValue},
	{name: "jalon_indicator_target_deadline_timestamp_seconds", help: "Deadline of the current target, in seconds since the epoch.", value: targetDeadline},
	{name: "jalon_indicator_required_pace_per_month", help: "Change per month the first target ahead needs from the latest value, in the indicator's unit; 0 once reached.", value: ofResult(requiredPace)},
	{name: "jalon_indicator_recent_pace_per_month", help: "Change per month over the recent values (six months, or the last three), in the indicator's unit.", value: ofResult(recentPace)},
	{name: "jalon_indicator_status", help: "Status of the series: 1 for the current state, 0 for the others.", value: statusIndex,
		stateLabel: "status", states: stateNames(indicators.Statuses)},
	{name: "jalon_indicator_delivery_confidence", help: "Delivery confidence of the series: 1 for the current level, 0 for the others.", value: confidenceIndex,
		stateLabel: "confidence", states: stateNames(indicators.Confidences)},
}

func ofResult(f func(r *evaluator.Result) (float64, bool)) func(*snapIndex, *evaluator.Result) (float64, bool) {
	return func(_ *snapIndex, r *evaluator.Result) (float64, bool) { return f(r) }
}

func stateNames[S ~string](states []S) []string {
	out := make([]string, len(states))
	for i, s := range states {
		out[i] = string(s)
	}
	return out
}

// write appends the lines of one series with value v.
func (f *family) write(e *encoder, labels string, v float64) {
	if f.states == nil {
		e.sample(f.name, labels, "", "", v)
		return
	}
	for k, st := range f.states {
		e.sample(f.name, labels, f.stateLabel, st, boolValue(k == int(v)))
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

// exposition is an encoded snapshot with what a later encoding needs to
// reuse its bytes. A snapshot differs from the previous one in few series
// after a push, and in a few families after a periodic evaluation (the plan
// moves with time, the states rarely do), so most lines of a new exposition
// are already rendered in the previous one. It is kept as spans of buffers
// rather than one buffer so that those lines are not even copied: copying
// 10 MB into fresh memory took most of the time of an encoding.
type exposition struct {
	spans []span
	// starts[k] is the offset of spans[k] in the exposition.
	starts []uint32
	size   int
	snap   *evaluator.Snapshot
	// labels is each result's rendered label set.
	labels []string
	// fams[f] is the offset of the HELP line of series family f, lines[f][i]
	// that of the lines of result i, lines[f][len(labels)] the family's end.
	fams  []uint32
	lines [][]uint32
	// info is the range of the catalog families, which depend on nothing
	// else.
	info [2]uint32
}

// backing holds rendered lines. It is not modified once its encoding is
// done: scrapes read it without a lock, and later expositions share it.
type backing struct{ data []byte }

type span struct {
	b        *backing
	from, to uint32
}

func (x *exposition) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, sp := range x.spans {
		m, err := w.Write(sp.b.data[sp.from:sp.to])
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (x *exposition) bytes() []byte {
	b := make([]byte, 0, x.size)
	for _, sp := range x.spans {
		b = append(b, sp.b.data[sp.from:sp.to]...)
	}
	return b
}

// encodeSnapshot writes every per-series and per-objective family of s.
func encodeSnapshot(w io.Writer, s *evaluator.Snapshot) error {
	e := &encoder{w: w, buf: make([]byte, 0, 64<<10)}
	if err := e.encode(s); err != nil {
		return err
	}
	_, err := w.Write(e.buf)
	return err
}

// encodeExposition encodes s in memory, reusing from prev (nil for none)
// the lines of series whose values did not change. It fails with
// errTooLarge past limit bytes.
func encodeExposition(prev *exposition, s *evaluator.Snapshot, limit int) (*exposition, error) {
	e := &encoder{buf: make([]byte, 0, 64<<10), limit: limit, x: &exposition{snap: s}, own: &backing{}, prev: prev}
	if err := e.encode(s); err != nil {
		return nil, err
	}
	e.flushRun()
	e.closeOwn()
	e.own.data = e.buf
	x := e.x
	x.size = int(e.pos)
	if wasted(x) {
		data := x.bytes()
		x.spans = []span{{&backing{data}, 0, uint32(len(data))}}
	}
	x.starts = make([]uint32, len(x.spans))
	at := uint32(0)
	for k, sp := range x.spans {
		x.starts[k] = at
		at += sp.to - sp.from
	}
	return x, nil
}

// wasted reports whether x should be copied into one buffer: when the
// buffers it shares hold much that it no longer uses (lines of earlier
// values), or when it is cut in so many spans that writing it slows down.
func wasted(x *exposition) bool {
	return x.held() > x.size+x.size/4 || len(x.spans) > 64+x.size/1024
}

// held is the size of the buffers x keeps alive.
func (x *exposition) held() int {
	n := 0
	seen := map[*backing]bool{}
	for _, sp := range x.spans {
		if !seen[sp.b] {
			seen[sp.b] = true
			n += len(sp.b.data)
		}
	}
	return n
}

func (e *encoder) encode(s *evaluator.Snapshot) error {
	prev := e.prev
	cur := newSnapIndex(s)
	labels, match := matchSeries(prev, s)
	var old *snapIndex
	var same []bool
	if prev != nil {
		old = newSnapIndex(prev.snap)
		same = sameResults(prev.snap, s, match)
	}
	for f, fam := range seriesFamilies {
		var offs []uint32
		if e.x != nil {
			offs = make([]uint32, len(s.Results)+1)
			e.x.lines = append(e.x.lines, offs)
			e.x.fams = append(e.x.fams, e.offset())
		}
		if prev != nil {
			e.copyRun(prev.fams[f], prev.lines[f][0])
		} else {
			e.header(fam.name, fam.help)
		}
		for i := range s.Results {
			if offs != nil {
				offs[i] = e.offset()
			}
			j := match[i]
			if same != nil && same[i] {
				e.copyRun(prev.lines[f][j], prev.lines[f][j+1])
				continue
			}
			v, ok := fam.value(cur, &s.Results[i])
			if j >= 0 {
				if ov, ook := fam.value(old, &prev.snap.Results[j]); ook == ok && math.Float64bits(ov) == math.Float64bits(v) {
					e.copyRun(prev.lines[f][j], prev.lines[f][j+1])
					continue
				}
			}
			e.flushRun()
			if ok {
				fam.write(e, labels[i], v)
			}
			if err := e.check(); err != nil {
				return err
			}
		}
		if offs != nil {
			offs[len(s.Results)] = e.offset()
		}
	}
	start := e.offset()
	if prev != nil && prev.snap.Catalog == s.Catalog {
		e.copyRun(prev.info[0], prev.info[1])
	} else {
		e.flushRun()
		e.info(s)
	}
	if e.x != nil {
		e.x.labels, e.x.info = labels, [2]uint32{start, e.offset()}
	}
	return e.check()
}

// sameResults reports, for each result of s, whether its evaluation is the
// one of its match in prev, with the same catalog: then none of its lines
// changed. Snapshots published after a push share the evaluations of the
// series not pushed to, so this spares the comparison of each family's
// values for them.
func sameResults(prev, s *evaluator.Snapshot, match []int) []bool {
	same := make([]bool, len(s.Results))
	if prev.Catalog != s.Catalog {
		return same
	}
	for i, j := range match {
		same[i] = j >= 0 && sameEval(&prev.Results[j].Eval, &s.Results[i].Eval)
	}
	return same
}

// sameEval is a == b, but with NaN equal to NaN: an unknown probability is
// NaN. A float field added to Evaluation and not listed here only makes
// NaN values compare unequal, which costs time, not correctness.
func sameEval(a, b *indicators.Evaluation) bool {
	x, y := *a, *b
	for _, f := range [...][2]*float64{
		{&x.PlannedAtLatest, &y.PlannedAtLatest}, {&x.PlannedNow, &y.PlannedNow}, {&x.Gap, &y.Gap},
		{&x.Progress, &y.Progress}, {&x.Probability, &y.Probability},
	} {
		if math.Float64bits(*f[0]) != math.Float64bits(*f[1]) {
			return false
		}
		*f[0], *f[1] = 0, 0
	}
	if !samePace(x.Pace, y.Pace) {
		return false
	}
	x.Pace, y.Pace = nil, nil
	return x == y
}

// matchSeries renders the label set of each result of s and finds the
// result of the same series in prev, -1 when it is new. Results keep their
// order from one snapshot to the next, so the previous match's offset is
// tried first and a map is built only when it misses.
func matchSeries(prev *exposition, s *evaluator.Snapshot) (labels []string, match []int) {
	labels, match = make([]string, len(s.Results)), make([]int, len(s.Results))
	var old []evaluator.Result
	if prev != nil {
		old = prev.snap.Results
	}
	var byLabels map[string]int
	shift := 0
	var b []byte
	for i := range s.Results {
		r := &s.Results[i]
		if j := i + shift; j >= 0 && j < len(old) && sameSeries(&old[j].Series, &r.Series) {
			labels[i], match[i] = prev.labels[j], j
			continue
		}
		b = appendSeriesLabels(b[:0], r)
		labels[i], match[i] = string(b), -1
		if old == nil {
			continue
		}
		if byLabels == nil {
			byLabels = make(map[string]int, len(old))
			for j, l := range prev.labels {
				byLabels[l] = j
			}
		}
		if j, ok := byLabels[labels[i]]; ok {
			match[i], shift = j, j-i
		}
	}
	return labels, match
}

func sameSeries(a, b *evaluator.Series) bool {
	if a.ID != b.ID || a.Indicator != b.Indicator || a.Objective != b.Objective || len(a.Labels) != len(b.Labels) {
		return false
	}
	for k := range a.Labels {
		if a.Labels[k] != b.Labels[k] {
			return false
		}
	}
	return true
}

func appendSeriesLabels(b []byte, r *evaluator.Result) []byte {
	b = appendLabel(b, "indicator", r.Indicator)
	b = append(b, ',')
	b = appendLabel(b, "objective", r.Objective)
	for _, l := range r.Labels {
		b = append(b, ',')
		b = appendLabel(b, l.Name, l.Value)
	}
	return b
}

// snapIndex is what the values of a series need from its snapshot besides
// its result.
type snapIndex struct {
	byID map[string]*indicators.Indicator
}

func newSnapIndex(s *evaluator.Snapshot) *snapIndex {
	return &snapIndex{byID: s.Catalog.IndicatorsByID()}
}

func (x *snapIndex) target(r *evaluator.Result) (indicators.Milestone, bool) {
	ind, ok := x.byID[r.Indicator]
	if !ok || r.Eval.Target < 0 || r.Eval.Target >= len(ind.Milestones) {
		return indicators.Milestone{}, false
	}
	return ind.Milestones[r.Eval.Target], true
}

func targetValue(x *snapIndex, r *evaluator.Result) (float64, bool) {
	m, ok := x.target(r)
	if !ok {
		return 0, false
	}
	if m.Value == nil {
		return 1, true
	}
	return *m.Value, true
}

func targetDeadline(x *snapIndex, r *evaluator.Result) (float64, bool) {
	m, ok := x.target(r)
	return float64(m.Deadline.Unix()), ok
}

func statusIndex(_ *snapIndex, r *evaluator.Result) (float64, bool) {
	return float64(stateIndex(indicators.Statuses, r.Eval.Status)), true
}

func confidenceIndex(_ *snapIndex, r *evaluator.Result) (float64, bool) {
	return float64(stateIndex(indicators.Confidences, r.Eval.Confidence)), true
}

// stateIndex is len(states), which sets every line to 0, for a state not
// in the list.
func stateIndex[S ~string](states []S, s S) int {
	for i, st := range states {
		if st == s {
			return i
		}
	}
	return len(states)
}

func (e *encoder) info(s *evaluator.Snapshot) {
	const objective, indicator = "jalon_objective_info", "jalon_indicator_info"
	e.header(objective, "Objectives of the catalog, always 1; the labels carry the description.")
	var b []byte
	for _, o := range s.Catalog.Objectives {
		axis, _ := s.Catalog.AxisOf(o.Axis)
		b = appendLabels(b[:0], "objective", o.ID, "axis", axis.Name, "priority", strconv.Itoa(o.Priority),
			"title", o.Title, "owner", first(o.Owners), "owners", strings.Join(o.Owners, ","))
		e.sample(objective, string(b), "", "", 1)
	}
	e.header(indicator, "Indicators of the catalog, always 1; the labels carry the description.")
	for _, o := range s.Catalog.Objectives {
		for _, ind := range o.Indicators {
			b = appendLabels(b[:0], "indicator", ind.ID, "objective", o.ID, "name", ind.Name, "kind", string(ind.Kind),
				"unit", ind.Unit, "direction", string(ind.Direction))
			e.sample(indicator, string(b), "", "", 1)
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

// encoder appends samples of the text format to buf. Streaming (w set), it
// writes buf out whenever it nears its first capacity. In memory (x set),
// buf holds the lines rendered for this exposition, and x.spans refer to
// them and to lines of prev.
type encoder struct {
	buf   []byte
	w     io.Writer
	err   error
	limit int

	x    *exposition
	prev *exposition
	own  *backing
	// ownFrom is where the lines of buf not yet in a span start.
	ownFrom int
	// pos is the size of x.spans.
	pos uint32
	// run is a range of prev waiting to be added: consecutive unchanged
	// series become one span.
	run [2]uint32
}

// offset is where the next line goes in the exposition.
func (e *encoder) offset() uint32 {
	return e.pos + uint32(len(e.buf)-e.ownFrom) + e.run[1] - e.run[0]
}

// copyRun adds bytes [from, to) of prev; no line may be rendered before
// flushRun.
func (e *encoder) copyRun(from, to uint32) {
	if e.run[1] != from || e.run[0] == e.run[1] {
		e.flushRun()
		e.closeOwn()
		e.run[0] = from
	}
	e.run[1] = to
}

func (e *encoder) flushRun() {
	from, to := e.run[0], e.run[1]
	e.run = [2]uint32{}
	if from == to {
		return
	}
	p := e.prev
	k := sort.Search(len(p.starts), func(k int) bool { return p.starts[k] > from }) - 1
	for ; from < to; k++ {
		sp := p.spans[k]
		lo := sp.from + from - p.starts[k]
		n := min(to-from, sp.to-lo)
		e.addSpan(span{sp.b, lo, lo + n})
		from += n
	}
}

// closeOwn turns the lines rendered since the last span into one.
func (e *encoder) closeOwn() {
	if n := len(e.buf); n > e.ownFrom {
		e.addSpan(span{e.own, uint32(e.ownFrom), uint32(n)})
		e.ownFrom = n
	}
}

func (e *encoder) addSpan(sp span) {
	e.pos += sp.to - sp.from
	if k := len(e.x.spans) - 1; k >= 0 && e.x.spans[k].b == sp.b && e.x.spans[k].to == sp.from {
		e.x.spans[k].to = sp.to
		return
	}
	e.x.spans = append(e.x.spans, sp)
}

// check writes buf out when streaming, and in memory fails past the limit.
func (e *encoder) check() error {
	if e.err != nil {
		return e.err
	}
	if e.w != nil {
		if len(e.buf) >= cap(e.buf)-cap(e.buf)/8 {
			_, e.err = e.w.Write(e.buf)
			e.buf = e.buf[:0]
		}
		return e.err
	}
	if e.limit > 0 && int(e.offset()) > e.limit {
		e.err = errTooLarge
	}
	return e.err
}

func (e *encoder) header(name, help string) {
	e.buf = append(e.buf, "# HELP "...)
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, ' ')
	e.buf = append(e.buf, help...)
	e.buf = append(e.buf, "\n# TYPE "...)
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, " gauge\n"...)
}

func (e *encoder) sample(name, labels, extraName, extraValue string, v float64) {
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, '{')
	e.buf = append(e.buf, labels...)
	if extraName != "" {
		e.buf = append(e.buf, ',')
		e.buf = append(e.buf, extraName...)
		e.buf = append(e.buf, `="`...)
		e.buf = append(e.buf, extraValue...)
		e.buf = append(e.buf, '"')
	}
	e.buf = append(e.buf, "} "...)
	e.buf = strconv.AppendFloat(e.buf, v, 'g', -1, 64)
	e.buf = append(e.buf, '\n')
}

func appendLabels(b []byte, kv ...string) []byte {
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendLabel(b, kv[i], kv[i+1])
	}
	return b
}

func appendLabel(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, `="`...)
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '"':
			b = append(b, `\"`...)
		case '\n':
			b = append(b, `\n`...)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
