package report

import (
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/jalonhq/jalon/catalogjson"
	"github.com/jalonhq/jalon/indicators"
)

// jsonRenderer writes one JSON object, objective by objective: the API's
// default form, with nulls for what cannot be computed.
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

type objectiveJSON struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Axis       string          `json:"axis"`
	Owners     []string        `json:"owners"`
	Status     string          `json:"status"`
	Previous   string          `json:"previous_status,omitempty"`
	Indicators []indicatorJSON `json:"indicators"`
}

type indicatorJSON struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Unit       string      `json:"unit"`
	Status     string      `json:"status"`
	Previous   string      `json:"previous_status,omitempty"`
	Actual     *pointJSON  `json:"actual"`
	Planned    *float64    `json:"planned"`
	Gap        *float64    `json:"gap"`
	Target     *targetJSON `json:"target"`
	Confidence string      `json:"confidence"`
	Parts      int         `json:"parts,omitempty"`
	Part       *partJSON   `json:"part,omitempty"`
	LastJudged string      `json:"last_judged,omitempty"`
}

// pointJSON is an actual; its value is null if beyond float64, as a
// trailing rate of values stored before the value limits may be.
type pointJSON struct {
	Time  time.Time `json:"time"`
	Value *float64  `json:"value"`
	// Qualifier is at_least, at_most or about for a published bound or
	// approximation.
	Qualifier string `json:"qualifier,omitempty"`
	Source    string `json:"source,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
}

type targetJSON struct {
	Value        *float64 `json:"value"`
	Deadline     string   `json:"deadline"`
	DeadlineText string   `json:"deadline_text"`
}

type changeJSON struct {
	Objective string `json:"objective"`
	Indicator string `json:"indicator"`
	From      string `json:"from"`
	To        string `json:"to"`
}

func (r *jsonRenderer) Begin(h Header) error {
	var since *string
	if !h.Query.Since.IsZero() {
		s := Stamp(h.Query.Since)
		since = &s
	}
	head, err := json.Marshal(struct {
		Catalog string  `json:"catalog"`
		At      string  `json:"at"`
		Since   *string `json:"since"`
	}{h.Catalog, Stamp(h.Query.At), since})
	if err != nil {
		return err
	}
	// The object stays open for the objectives that follow.
	_, err = io.WriteString(r.w, string(head[:len(head)-1])+`,"objectives":[`)
	return err
}

func (r *jsonRenderer) Objective(o *Objective) error {
	out := objectiveJSON{ID: o.ID, Title: o.Title, Axis: o.Axis, Owners: o.Owners, Status: string(o.Status),
		Previous: string(o.Previous), Indicators: make([]indicatorJSON, 0, len(o.Indicators))}
	if out.Owners == nil {
		out.Owners = []string{}
	}
	for i := range o.Indicators {
		out.Indicators = append(out.Indicators, indicatorOf(&o.Indicators[i]))
	}
	sep := ""
	if r.n > 0 {
		sep = ","
	}
	r.n++
	return r.write(sep, out)
}

func indicatorOf(ind *Indicator) indicatorJSON {
	out := indicatorJSON{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, Status: string(ind.Status), Previous: string(ind.Previous),
		Planned: catalogjson.Number(ind.Planned), Gap: catalogjson.Number(ind.Gap), Confidence: string(ind.Confidence), Parts: ind.Parts,
		Part:       newPartJSON(ind),
		LastJudged: string(ind.LastJudged)}
	if ind.Actual != nil {
		out.Actual = &pointJSON{Time: ind.Actual.Time.UTC(), Value: catalogjson.Number(ind.Actual.Value), Qualifier: ind.Actual.Qualifier.String(),
			Source: ind.ActualSource, SourceURL: ind.ActualSourceURL}
	}
	if m := ind.Target; m != nil {
		out.Target = &targetJSON{Value: m.Value, Deadline: day(m.Deadline), DeadlineText: m.DeadlineText}
	}
	return out
}

func (r *jsonRenderer) End(s Summary) error {
	changes := make([]changeJSON, 0, len(s.Changes))
	for _, c := range s.Changes {
		changes = append(changes, changeJSON{c.Objective, c.Indicator, string(c.From), string(c.To)})
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

// partJSON is the territorial part an indicator's figures are those of,
// when no national series was measured.
type partJSON struct {
	Labels map[string]string `json:"labels"`
	Name   string            `json:"name"`
}

func newPartJSON(ind *Indicator) *partJSON {
	if ind.Parts == 0 {
		return nil
	}
	ls := make(map[string]string, len(ind.PartLabels))
	for _, l := range ind.PartLabels {
		ls[l.Name] = l.Value
	}
	return &partJSON{Labels: ls, Name: ind.Part}
}
