package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest/decode"
	"github.com/jalonhq/jalon/wire"
)

// targetEdit is the body of PUT /api/v1/indicators/{id}, with the
// methods that apply and check it.
type targetEdit struct{ wire.TargetEdit }

// decodeEdit reads one JSON object with no field the edit does not know,
// no key given twice at any depth, only UTF-8 text and nothing after it.
// It returns every such problem, or the decoder's one.
func decodeEdit(body []byte) (targetEdit, []string) {
	var e targetEdit
	if probs := decode.Strict(body); len(probs) > 0 {
		out := make([]string, len(probs))
		for i, p := range probs {
			out[i] = p.String()
		}
		return e, out
	}
	if err := editKeys(body); err != nil {
		return e, []string{err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e.TargetEdit); err != nil {
		return e, []string{decode.ErrorText(err)}
	}
	if dec.More() {
		return e, []string{"data after the JSON object"}
	}
	return e, nil
}

// editKeys refuses a key of an edit written in another case than its
// field's, at any depth, as pushes do: encoding/json would take "NAME" for
// "name" without a word.
func editKeys(body []byte) error {
	if err := decode.StrictKeys(body, []string{"reason", "name", "baseline", "milestones", "tolerance"}); err != nil {
		return err
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return nil // not an object: the decoder says why
	}
	nested := map[string][]string{"baseline": {"value", "date"}, "tolerance": {"at_risk", "off_track"}}
	for k, fields := range nested {
		if err := decode.StrictKeys(top[k], fields); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	var ms []json.RawMessage
	if json.Unmarshal(top["milestones"], &ms) != nil {
		return nil
	}
	for i, m := range ms {
		if err := decode.StrictKeys(m, []string{"value", "deadline", "deadline_text"}); err != nil {
			return fmt.Errorf("milestones[%d]: %w", i, err)
		}
	}
	return nil
}

// apply returns a copy of cur with the edit in place, and the problems of
// the fields it could not read, by field (in indicators.FieldError terms).
// cur's slices are replaced, never written to.
func (e targetEdit) apply(cur indicators.Indicator) (indicators.Indicator, map[string]string) {
	ind, bad := cur, map[string]string{}
	if e.Name != nil {
		ind.Name = *e.Name
	}
	if b := e.Baseline; b != nil {
		if b.Value != nil {
			ind.Baseline.Value = *b.Value
		}
		if b.Date != nil {
			ind.Baseline.Date = parseDay("baseline.date", *b.Date, bad)
		}
	}
	if e.Milestones != nil {
		ind.Milestones = make([]indicators.Milestone, len(e.Milestones))
		for i, m := range e.Milestones {
			ind.Milestones[i] = indicators.Milestone{Value: m.Value, DeadlineText: m.DeadlineText,
				Deadline: parseDay(fmt.Sprintf("milestone[%d].deadline", i), m.Deadline, bad)}
		}
	}
	if t := e.Tolerance; t != nil {
		if t.AtRisk != nil {
			ind.Tolerance.AtRisk = *t.AtRisk
		}
		if t.OffTrack != nil {
			ind.Tolerance.OffTrack = *t.OffTrack
		}
	}
	return ind, bad
}

// parseDay reads a date written YYYY-MM-DD as midnight UTC, as catalog files
// do; a problem goes to bad.
func parseDay(field, s string, bad map[string]string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		bad[field] = fmt.Sprintf("%q is not a date (YYYY-MM-DD)", s)
		return time.Time{}
	}
	return t
}

// problems lists, as "field: message", what keeps the edited definition ind
// from being stored: a missing reason, unreadable fields, broken rules. A
// rule about a field that could not be read is left out, as it would only
// complain about the zero value left in its place.
func (e targetEdit) problems(ind *indicators.Indicator, bad map[string]string) []string {
	var out []string
	if strings.TrimSpace(e.Reason) == "" {
		out = append(out, "reason: required")
	} else if err := indicators.CheckText(e.Reason); err != nil {
		out = append(out, "reason: "+err.Error())
	}
	for _, f := range slices.Sorted(maps.Keys(bad)) {
		out = append(out, jsonField(f)+": "+bad[f])
	}
	for _, fe := range ind.Validate() {
		if _, dup := bad[fe.Field]; !dup {
			out = append(out, jsonField(fe.Field)+": "+fe.Msg)
		}
	}
	return out
}

// jsonField names a field of indicators.FieldError as the JSON body does:
// "milestone[1].deadline" is "milestones[1].deadline".
func jsonField(f string) string {
	if rest, ok := strings.CutPrefix(f, "milestone"); ok {
		return "milestones" + rest
	}
	return f
}
