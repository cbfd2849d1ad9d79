package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/wire"
)

// jsonRenderer writes one JSON object (wire.Report), objective by
// objective: the API's default form, with nulls for what cannot be computed.
type jsonRenderer struct {
	w   io.Writer
	buf bytes.Buffer
	n   int
}

// write writes s, then v in JSON without HTML escaping.
func (r *jsonRenderer) write(s string, v any) error {
	r.buf.Reset()
	r.buf.WriteString(s)
	enc := json.NewEncoder(&r.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := r.w.Write(bytes.TrimSuffix(r.buf.Bytes(), []byte("\n")))
	return err
}

func (r *jsonRenderer) Begin(h Header) error {
	var since *string
	if !h.Query.Since.IsZero() {
		s := Stamp(h.Query.Since)
		since = &s
	}
	head, err := json.Marshal(wire.ReportHeader{Catalog: h.Catalog, At: Stamp(h.Query.At), Since: since})
	if err != nil {
		return err
	}
	// The object stays open for the objectives that follow.
	_, err = io.WriteString(r.w, string(head[:len(head)-1])+`,"objectives":[`)
	return err
}

func (r *jsonRenderer) Objective(o *Objective) error {
	out := wire.ReportObjective{ID: o.ID, Title: o.Title, Axis: o.Axis, Owners: o.Owners, Status: string(o.Status),
		Previous: string(o.Previous), Indicators: make([]wire.ReportIndicator, 0, len(o.Indicators))}
	if out.Owners == nil {
		out.Owners = []string{}
	}
	for i := range o.Indicators {
		out.Indicators = append(out.Indicators, indicatorOf(&o.Indicators[i]))
	}
	out.Assessment = assessmentOf(o)
	sep := ""
	if r.n > 0 {
		sep = ","
	}
	r.n++
	return r.write(sep, out)
}

func indicatorOf(ind *Indicator) wire.ReportIndicator {
	out := wire.ReportIndicator{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, Status: string(ind.Status), Previous: string(ind.Previous),
		Planned: wire.Number(ind.Planned), Gap: wire.Number(ind.Gap), Confidence: string(ind.Confidence), Parts: ind.Parts,
		Part:       newPartJSON(ind),
		LastJudged: string(ind.LastJudged)}
	if ind.Actual != nil {
		out.Actual = &wire.ReportActual{Time: ind.Actual.Time.UTC(), Value: wire.Number(ind.Actual.Value), Qualifier: ind.Actual.Qualifier.String(),
			Source: ind.ActualSource, SourceURL: ind.ActualSourceURL}
	}
	if m := ind.Target; m != nil {
		out.Target = &wire.Target{Value: m.Value, Deadline: day(m.Deadline), DeadlineText: m.DeadlineText}
	}
	out.Pace = paceOf(ind)
	return out
}

func (r *jsonRenderer) End(s Summary) error {
	changes := make([]wire.StatusChange, 0, len(s.Changes))
	for _, c := range s.Changes {
		changes = append(changes, wire.StatusChange{Objective: c.Objective, Indicator: c.Indicator, From: string(c.From), To: string(c.To)})
	}
	counts := map[string]int{}
	for _, st := range indicators.Statuses {
		counts[string(st)] = s.Counts[st]
	}
	if err := r.write(`],"changes":`, changes); err != nil {
		return err
	}
	if err := r.write(`,"counts":`, counts); err != nil {
		return err
	}
	_, err := io.WriteString(r.w, "}\n")
	return err
}

// newPartJSON is the territorial part an indicator's figures are those of,
// when no national series was measured.
func newPartJSON(ind *Indicator) *wire.Part {
	if ind.Parts == 0 {
		return nil
	}
	ls := make(map[string]string, len(ind.PartLabels))
	for _, l := range ind.PartLabels {
		ls[l.Name] = l.Value
	}
	return &wire.Part{Labels: ls, Name: ind.Part}
}
