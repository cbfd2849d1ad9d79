package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

// editTokens are an admin, a reader and a writer, for the edit tests.
var editTokens = []config.Token{
	{Name: "ops", Hash: config.HashToken("ops-secret"), Scopes: []config.Scope{config.ScopeAdmin}},
	{Name: "grafana", Hash: config.HashToken("grafana-secret"), Scopes: []config.Scope{config.ScopeRead}},
	{Name: "cnam", Hash: config.HashToken("cnam-secret"), Scopes: []config.Scope{"write:*"}},
}

func bearer(secret string) []string { return []string{"Authorization", "Bearer " + secret} }

// seedRevision stores the catalog's definition of id as revision 1, as the
// daemon does at start-up.
func (h *harness) seedRevision(t testing.TB, id string) {
	t.Helper()
	def, _, ok := h.eval.Catalog().Indicator(id)
	if !ok {
		t.Fatalf("indicator %s not in the catalog", id)
	}
	if _, _, err := h.store.PutIndicator(store.NewStoredIndicator(*def), "catalog", "catalog file"); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) put(t testing.TB, id, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return h.do(t, "PUT", "/api/v1/indicators/"+id, "application/json", body, header...)
}

type revisionsBody struct {
	Indicator string          `json:"indicator"`
	Revisions []wire.Revision `json:"revisions"`
}

type indicatorBody struct {
	wire.Indicator
	Evaluations []wire.Evaluation `json:"evaluations"`
}

// TestPutIndicator raises a target: the response, the indicator's
// definition and evaluation, and its revisions all show the new target, and
// the catalog published before the edit is left as it was.
func TestPutIndicator(t *testing.T) {
	h := newHarness(t, editTokens...)
	h.seedRevision(t, indPercent)
	if w := h.push(t, item(`{"indicator":"`+indPercent+`","time":"2025-05-31","value":30}`), bearer("ops-secret")...); w.Code != http.StatusOK {
		t.Fatalf("push = %d %s", w.Code, w.Body)
	}
	h.refresh(t)
	before := decodeBody[indicatorBody](t, h.do(t, "GET", "/api/v1/indicators/"+indPercent, "", "", bearer("grafana-secret")...))
	published := h.eval.Catalog()

	w := h.put(t, indPercent, `{"reason":"roadmap revised","milestones":[{"value":80,"deadline":"2026-12-31","deadline_text":"fin 2026"}]}`, bearer("ops-secret")...)
	if w.Code != http.StatusOK {
		t.Fatalf("PUT = %d %s, want 200", w.Code, w.Body)
	}
	res := decodeBody[wire.EditResult](t, w)
	if res.Revision != 2 || !res.Changed || *res.Indicator.Milestones[0].Value != 80 {
		t.Errorf("PUT = %+v, want revision 2, changed, target 80", res)
	}

	after := decodeBody[indicatorBody](t, h.do(t, "GET", "/api/v1/indicators/"+indPercent, "", "", bearer("grafana-secret")...))
	if got := *after.Milestones[0].Value; got != 80 {
		t.Errorf("GET milestone value = %v, want 80", got)
	}
	if len(before.Evaluations) != 1 || len(after.Evaluations) != 1 {
		t.Fatalf("evaluations before %d, after %d, want 1 each", len(before.Evaluations), len(after.Evaluations))
	}
	eb, ea := before.Evaluations[0], after.Evaluations[0]
	if *eb.Target.Value != 50 || *ea.Target.Value != 80 || !(*ea.PlannedNow > *eb.PlannedNow) {
		t.Errorf("evaluation target %v → %v, planned now %v → %v; want 50 → 80 and a higher plan",
			*eb.Target.Value, *ea.Target.Value, *eb.PlannedNow, *ea.PlannedNow)
	}
	if def, _, _ := published.Indicator(indPercent); *def.Milestones[0].Value != 50 {
		t.Errorf("published catalog changed in place: target %v, want 50", *def.Milestones[0].Value)
	}

	revs := decodeBody[revisionsBody](t, h.do(t, "GET", "/api/v1/indicators/"+indPercent+"/revisions", "", "", bearer("grafana-secret")...))
	if len(revs.Revisions) != 2 {
		t.Fatalf("revisions = %+v, want 2", revs)
	}
	r1, r2 := revs.Revisions[0], revs.Revisions[1]
	if r1.Rev != 1 || r1.Actor != "catalog" || *r1.Definition.Milestones[0].Value != 50 {
		t.Errorf("revision 1 = %+v, want the catalog's, target 50", r1)
	}
	if r2.Rev != 2 || r2.Actor != "ops" || r2.Reason != "roadmap revised" || *r2.Definition.Milestones[0].Value != 80 ||
		r2.Definition.Milestones[0].DeadlineText != "fin 2026" {
		t.Errorf("revision 2 = %+v, want by ops, roadmap revised, target 80 fin 2026", r2)
	}
}

// TestPutIndicatorUnchanged sends the definition in force: nothing is
// stored and the catalog is not replaced.
func TestPutIndicatorUnchanged(t *testing.T) {
	h := newHarness(t)
	h.seedRevision(t, indPercent)
	published := h.eval.Catalog()
	w := h.put(t, indPercent, `{"reason":"confirm","name":null,"tolerance":{},
		"milestones":[{"value":50,"deadline":"2026-12-31","deadline_text":"d’ici fin 2026"}]}`)
	if w.Code != http.StatusOK {
		t.Fatalf("PUT = %d %s, want 200", w.Code, w.Body)
	}
	if res := decodeBody[wire.EditResult](t, w); res.Revision != 1 || res.Changed {
		t.Errorf("PUT = revision %d, changed %v, want revision 1, unchanged", res.Revision, res.Changed)
	}
	if revs, err := h.store.Revisions(indPercent); err != nil || len(revs) != 1 {
		t.Errorf("Revisions = %d, %v, want 1", len(revs), err)
	}
	if h.eval.Catalog() != published {
		t.Errorf("an unchanged edit replaced the catalog")
	}
}

// TestPutIndicatorRefused sends bad edits: each is refused with every
// problem named by its field, and nothing is stored or published.
func TestPutIndicatorRefused(t *testing.T) {
	tests := []struct {
		name, id, contentType, body string
		code                        int
		details                     []string
	}{
		{"deadlines out of order", ind11, "application/json",
			`{"reason":"r","milestones":[{"value":250e6,"deadline":"2026-12-31"},{"value":400e6,"deadline":"2023-12-31"}]}`, 400,
			[]string{"milestones[1].deadline: 2023-12-31 is not after the previous deadline 2026-12-31"}},
		{"value against the direction", ind11, "application/json",
			`{"reason":"r","milestones":[{"value":250e6,"deadline":"2023-12-31"},{"value":200e6,"deadline":"2026-12-31"}]}`, 400,
			[]string{`milestones[1].value: 2e+08 is below the previous anchor 2.5e+08, against direction "increase"`}},
		{"percent above 100", indPercent, "application/json",
			`{"reason":"r","milestones":[{"value":120,"deadline":"2026-12-31"}]}`, 400,
			[]string{"milestones[0].value: value 120 is above 100, unit percent"}},
		{"bad date", indPercent, "application/json",
			`{"reason":"r","baseline":{"date":"31/12/2022"}}`, 400,
			[]string{`baseline.date: "31/12/2022" is not a date (YYYY-MM-DD)`}},
		{"baseline after the first deadline", indPercent, "application/json",
			`{"reason":"r","baseline":{"value":10,"date":"2027-01-01"}}`, 400,
			[]string{"baseline.date: 2027-01-01 is not before the first deadline 2026-12-31"}},
		{"missing reason", indPercent, "application/json", `{"name":"Médecins"}`, 400,
			[]string{"reason: required"}},
		{"every problem listed", indPercent, "application/json",
			`{"name":" ","milestones":[{"deadline":"2026-13-01"}],"tolerance":{"at_risk":0.2,"off_track":0.1}}`, 400, []string{
				"reason: required",
				`milestones[0].deadline: "2026-13-01" is not a date (YYYY-MM-DD)`,
				"name: must not be empty",
				`milestones[0].value: required for kind = "level"`,
				"tolerance.off_track: 0.1 must be greater than at_risk 0.2",
			}},
		{"no milestone", indPercent, "application/json", `{"reason":"r","milestones":[]}`, 400,
			[]string{"milestones: an indicator needs at least one milestone"}},
		{"unknown field", indPercent, "application/json", `{"reason":"r","kind":"rate"}`, 400,
			[]string{`unknown field "kind"`}},
		{"value as a string", indPercent, "application/json", `{"reason":"r","milestones":[{"value":"80","deadline":"2026-12-31"}]}`, 400,
			[]string{"milestones.value: want a number, got JSON string"}},
		{"trailing data", indPercent, "application/json", `{"reason":"r"}{}`, 400,
			[]string{"data after the JSON object at byte 14: send one object, and nothing after it"}},
		{"trailing bracket", indPercent, "application/json", `{"reason":"r"}]`, 400,
			[]string{"data after the JSON object at byte 14: send one object, and nothing after it"}},
		{"name with NUL", indPercent, "application/json", `{"reason":"r","name":"a\u0000b"}`, 400,
			[]string{"name: contains a NUL character (U+0000) at byte 1"}},
		{"name with CR", indPercent, "application/json", `{"reason":"r","name":"a\rb"}`, 400,
			[]string{"name: contains a line break (U+000D) at byte 1"}},
		{"name with LF", indPercent, "application/json", `{"reason":"r","name":"a\nb"}`, 400,
			[]string{"name: contains a line break (U+000A) at byte 1"}},
		{"name with U+2028", indPercent, "application/json", `{"reason":"r","name":"ab\u2028"}`, 400,
			[]string{"name: contains a line break (U+2028) at byte 2"}},
		{"name with a raw U+2029", indPercent, "application/json", "{\"reason\":\"r\",\"name\":\"ab\u2029\"}", 400,
			[]string{"name: contains a line break (U+2029) at byte 2"}},
		{"name with a bidi override", indPercent, "application/json", `{"reason":"r","name":"\u202eab"}`, 400,
			[]string{"name: contains an invisible format character (U+202E) at byte 0"}},
		{"name not UTF-8", indPercent, "application/json", "{\"reason\":\"r\",\"name\":\"caf\xe9\"}", 400,
			[]string{"name: invalid UTF-8 at byte 25 (0xe9): send text in UTF-8"}},
		{"name with a lone surrogate", indPercent, "application/json", `{"reason":"r","name":"\udc00"}`, 400,
			[]string{`name: lone UTF-16 surrogate \udc00 at byte 22: a \ud800-\udfff escape must be a high one followed by a low one`}},
		{"reason with a line feed", indPercent, "application/json", `{"reason":"a\nb","name":"N"}`, 400,
			[]string{"reason: contains a line break (U+000A) at byte 1"}},
		{"deadline text with a tab", indPercent, "application/json", `{"reason":"r","milestones":[{"value":80,"deadline":"2026-12-31","deadline_text":"fin\t2026"}]}`, 400,
			[]string{"milestones[0].deadline_text: contains a tab (U+0009) at byte 3"}},
		{"key given twice", indPercent, "application/json", `{"reason":"r","name":"a","name":"b"}`, 400,
			[]string{`"name" given twice`}},
		{"key given twice in a milestone", indPercent, "application/json",
			`{"reason":"r","milestones":[{"value":1,"deadline":"2025-12-31"},{"value":2,"value":3,"deadline":"2026-12-31"}]}`, 400,
			[]string{`milestones[1]: "value" given twice`}},
		{"keys given twice at every depth", indPercent, "application/json",
			`{"reason":"r","baseline":{"date":"2024-01-01","\u0064ate":"2024-01-02"},"tolerance":{"at_risk":0.1,"at_risk":0.2},"reason":"s"}`, 400,
			[]string{`baseline: "date" given twice`, `tolerance: "at_risk" given twice`, `"reason" given twice`}},
		{"key in another case", indPercent, "application/json", `{"reason":"r","NAME":"N"}`, 400,
			[]string{`unknown field "NAME": field names are in lower case ("name")`}},
		{"nested key in another case", indPercent, "application/json", `{"reason":"r","milestones":[{"Value":80,"deadline":"2026-12-31"}]}`, 400,
			[]string{`milestones[0]: unknown field "Value": field names are in lower case ("value")`}},
		{"baseline key in another case", indPercent, "application/json", `{"reason":"r","baseline":{"Date":"2024-01-01"}}`, 400,
			[]string{`baseline: unknown field "Date": field names are in lower case ("date")`}},
		{"not JSON", indPercent, "text/csv", "reason\nr\n", 415, nil},
		{"unknown indicator", "nope", "application/json", `{"reason":"r","name":"N"}`, 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			published := h.eval.Catalog()
			w := h.do(t, "PUT", "/api/v1/indicators/"+tt.id, tt.contentType, tt.body)
			if w.Code != tt.code {
				t.Fatalf("PUT = %d %s, want %d", w.Code, w.Body, tt.code)
			}
			if got := decodeBody[wire.Error](t, w); !reflect.DeepEqual(got.Details, tt.details) {
				t.Errorf("details = %q, want %q", got.Details, tt.details)
			}
			if _, err := h.store.Revisions(tt.id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Revisions(%s) = %v after a refused edit, want none", tt.id, err)
			}
			if h.eval.Catalog() != published {
				t.Errorf("a refused edit replaced the catalog")
			}
		})
	}
}

func TestPutIndicatorAuth(t *testing.T) {
	edit := `{"reason":"r","name":"Renamed"}`
	tests := []struct {
		name, method, path, body string
		header                   []string
		code                     int
	}{
		{"edit without token", "PUT", "/api/v1/indicators/" + indPercent, edit, nil, 401},
		{"edit with read token", "PUT", "/api/v1/indicators/" + indPercent, edit, bearer("grafana-secret"), 403},
		{"edit with write token", "PUT", "/api/v1/indicators/" + indPercent, edit, bearer("cnam-secret"), 403},
		{"edit as admin", "PUT", "/api/v1/indicators/" + indPercent, edit, bearer("ops-secret"), 200},
		{"revisions without token", "GET", "/api/v1/indicators/" + indPercent + "/revisions", "", nil, 401},
		{"revisions with write token", "GET", "/api/v1/indicators/" + indPercent + "/revisions", "", bearer("cnam-secret"), 403},
		{"revisions with read token", "GET", "/api/v1/indicators/" + indPercent + "/revisions", "", bearer("grafana-secret"), 200},
		{"revisions of an unknown indicator", "GET", "/api/v1/indicators/nope/revisions", "", bearer("grafana-secret"), 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, editTokens...)
			w := h.do(t, tt.method, tt.path, "application/json", tt.body, tt.header...)
			if w.Code != tt.code {
				t.Fatalf("%s %s = %d %s, want %d", tt.method, tt.path, w.Code, w.Body, tt.code)
			}
			if tt.method == "PUT" && w.Code != 200 {
				if _, err := h.store.Revisions(indPercent); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("a refused edit stored a revision: %v", err)
				}
			}
		})
	}
}

// TestRevisionsEmpty lists an indicator of the catalog that has no stored
// revision yet.
func TestRevisionsEmpty(t *testing.T) {
	h := newHarness(t)
	w := h.do(t, "GET", "/api/v1/indicators/"+indPercent+"/revisions", "", "")
	if got := decodeBody[revisionsBody](t, w); w.Code != 200 || got.Indicator != indPercent || got.Revisions == nil || len(got.Revisions) != 0 {
		t.Errorf("revisions = %d %s, want 200 and an empty list", w.Code, w.Body)
	}
}

// TestPutHostileNameInReports renames an indicator through PUT to a name
// that means something to HTML, Markdown and a spreadsheet, which is
// printable text and so accepted: every report format prints it as text.
func TestPutHostileNameInReports(t *testing.T) {
	h := reportHarness(t)
	h.seedRevision(t, indPercent)
	const name = "=<script>alert(1)</script> | *x* [y](javascript:z)"
	body, _ := json.Marshal(map[string]string{"reason": "test", "name": name})
	if w := h.put(t, indPercent, string(body)); w.Code != http.StatusOK {
		t.Fatalf("PUT = %d %s", w.Code, w.Body)
	}
	tests := []struct{ format, want string }{
		{"markdown", "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\* \\[y\\](javascript:z)"},
		{"html", "=&lt;script&gt;alert(1)&lt;/script&gt; | *x* [y](javascript:z)"},
		{"csv", `,'=<script>alert(1)</script> | *x* [y](javascript:z),`},
		{"json", `"name":"=<script>alert(1)</script> | *x* [y](javascript:z)"`},
	}
	for _, tt := range tests {
		w := h.report("format=" + tt.format)
		out := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(out, tt.want) {
			t.Errorf("report as %s = %d, want it to hold %s:\n%.2000s", tt.format, w.Code, tt.want, out)
		}
		// JSON and CSV carry the name as data, in their own quoting.
		if (tt.format == "markdown" || tt.format == "html") && strings.Contains(out, "<script") {
			t.Errorf("report as %s prints <script> raw", tt.format)
		}
	}
}
