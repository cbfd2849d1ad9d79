package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/wire"
)

const ind11 = "mes_documents_fed_per_year"   // 1-1, no dimensions, rate from monthly counts
const indRegion = "cdri_user_establishments" // 7-3, count, dimension region
const indPercent = "doctors_mes_profile_consultation_share"

func item(fields string) string { return `{"measurements":[` + fields + `]}` }

func TestPushAccepted(t *testing.T) {
	h := newHarness(t)
	body := item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":2.1e7,"source":"cnam"},
		{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2024-03-31T00:00:00Z","value":120}`)
	w := h.push(t, body)
	if w.Code != http.StatusOK {
		t.Fatalf("push = %d %s, want 200", w.Code, w.Body)
	}
	if got := decodeBody[wire.PushResult](t, w); got != (wire.PushResult{New: 2}) {
		t.Errorf("push = %+v, want 2 new", got)
	}
	if got := decodeBody[wire.PushResult](t, h.push(t, body)); got != (wire.PushResult{Unchanged: 2}) {
		t.Errorf("same push again = %+v, want 2 unchanged", got)
	}
	revised := strings.Replace(body, "2.1e7", "2.2e7", 1)
	if got := decodeBody[wire.PushResult](t, h.push(t, revised)); got != (wire.PushResult{Revised: 1, Unchanged: 1}) {
		t.Errorf("push with one value changed = %+v, want 1 revised, 1 unchanged", got)
	}
}

func TestPushCSV(t *testing.T) {
	h := newHarness(t)
	csv := "\ufeffindicator,time,value,label:region,source\n" +
		indRegion + ",2024-03-31,120,84,ars\n" +
		indRegion + ",2024-03-31,80,11,ars\n" +
		ind11 + ",2024-03-31,2.1e7,,cnam\n"
	w := h.do(t, "POST", "/api/v1/measurements", "text/csv; charset=utf-8", csv)
	if w.Code != http.StatusOK {
		t.Fatalf("CSV push = %d %s, want 200", w.Code, w.Body)
	}
	if got := decodeBody[wire.PushResult](t, w); got.New != 3 {
		t.Errorf("CSV push = %+v, want 3 new", got)
	}
}

// TestPushRefused sends malformed and invalid requests: each gets the right
// status and a message naming the problem, and the store stays unchanged.
func TestPushRefused(t *testing.T) {
	ok := `{"indicator":"` + ind11 + `","time":"2024-01-31","value":1}`
	tests := []struct {
		name, contentType, body string
		code                    int
		want                    string // in the response body
	}{
		{"broken JSON", "application/json", `{"measurements":[`, 400, "JSON ends too early"},
		{"not JSON", "application/json", `hello`, 400, "invalid JSON"},
		{"empty body", "application/json", ``, 400, "empty body"},
		{"no measurements key", "application/json", `{}`, 400, `want {\"measurements\"`},
		{"measurements not an array", "application/json", `{"measurements":{}}`, 400, "measurements"},
		{"array instead of an object", "application/json", `[` + ok + `]`, 400, "malformed batch: the body is a JSON array: want a JSON object"},
		{"empty batch", "application/json", item(``), 400, "empty batch"},
		{"unknown top-level field", "application/json", `{"measurements":[],"extra":1}`, 400, `unknown field \"extra\"`},
		{"trailing data", "application/json", item(ok) + `{}`, 400, "data after the JSON object"},
		{"unknown item field", "application/json", item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":1,"unit":"x"}`), 400, `item 0: unknown field \"unit\"`},
		{"empty CSV", "text/csv", "", 400, "malformed batch: empty body: want a CSV header line"},
		{"field in another case", "application/json", item(`{"indicator":"` + ind11 + `","time":"2024-01-31","VALUE":1}`), 400, `item 0: unknown field \"VALUE\": field names are in lower case (\"value\")`},
		{"field given twice", "application/json", item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":12,"value":3}`), 400, `item 0: \"value\" given twice`},
		{"label given twice", "application/json", item(`{"indicator":"` + indRegion + `","labels":{"region":"84","region":"93"},"time":"2024-01-31","value":1}`), 400, `item 0: labels: \"region\" given twice`},
		{"batch key in another case", "application/json", `{"Measurements":[` + ok + `]}`, 400, `malformed batch: unknown field \"Measurements\"`},
		{"value as string", "application/json", item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":"12"}`), 400, "item 0: value: want a number"},
		{"missing value", "application/json", item(`{"indicator":"` + ind11 + `","time":"2024-01-31"}`), 400, "item 0: value: missing"},
		{"labels not strings", "application/json", item(`{"indicator":"` + indRegion + `","labels":{"region":84},"time":"2024-01-31","value":1}`), 400, "item 0: labels: want a string, got JSON number"},
		{"unknown indicator", "application/json", item(`{"indicator":"nope","time":"2024-01-31","value":1}`), 400, `item 0: indicator: \"nope\" is not in the catalog`},
		{"missing indicator", "application/json", item(`{"time":"2024-01-31","value":1}`), 400, "item 0: indicator: missing"},
		{"label not allowed", "application/json", item(`{"indicator":"` + ind11 + `","labels":{"region":"84"},"time":"2024-01-31","value":1}`), 400, "item 0: labels.region: " + ind11 + " takes no labels"},
		{"unknown region", "application/json", item(`{"indicator":"` + indRegion + `","labels":{"region":"99"},"time":"2024-01-31","value":1}`), 400, "not an INSEE region code"},
		{"label injection", "application/json", item(`{"indicator":"` + indRegion + `","labels":{"region":"a\"b"},"time":"2024-01-31","value":1}`), 400, "without quotes or backslashes"},
		{"label with newline", "application/json", item(`{"indicator":"` + indRegion + `","labels":{"region":"8\n4"},"time":"2024-01-31","value":1}`), 400, "labels.region"},
		{"time unparsable", "application/json", item(`{"indicator":"` + ind11 + `","time":"31/01/2024","value":1}`), 400, "item 0: time: \\\"31/01/2024\\\" is neither"},
		{"time missing", "application/json", item(`{"indicator":"` + ind11 + `","value":1}`), 400, "item 0: time: missing"},
		{"time far in the past", "application/json", item(`{"indicator":"` + ind11 + `","time":"1900-01-01","value":1}`), 400, "is before 1990-01-01"},
		{"time far in the future", "application/json", item(`{"indicator":"` + ind11 + `","time":"2031-01-01","value":1}`), 400, "in the future"},
		{"negative count", "application/json", item(`{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2024-01-31","value":-3}`), 400, "negative"},
		{"percent above 100", "application/json", item(`{"indicator":"` + indPercent + `","time":"2024-01-31","value":101}`), 400, "above 100"},
		{"duplicate items", "application/json", item(ok + `,` + ok), 400, "item 1: same indicator, labels and time as item 0"},
		{"one bad among good", "application/json", item(ok + `,{"indicator":"nope","time":"2024-01-31","value":1},` + strings.Replace(ok, "01-31", "02-29", 1)), 400, "1 of 3 measurements are invalid; nothing was written"},
		{"every bad item listed", "application/json", item(`{"indicator":"a","time":"2024-01-31","value":1},{"indicator":"b","time":"2024-01-31","value":1}`), 400, `item 1: indicator: \"b\"`},
		{"huge body", "application/json", item(ok + strings.Repeat(" ", 2<<20)), 413, "body larger than"},
		{"unknown content type", "application/xml", `<m/>`, 415, "want application/json or text/csv"},
		{"form content type", "application/x-www-form-urlencoded", item(ok), 415, "want application/json or text/csv"},
		{"CSV without header column", "text/csv", "indicator,time\n" + ind11 + ",2024-01-31\n", 400, `missing column \"value\"`},
		{"CSV unknown column", "text/csv", "indicator,time,value,unit\n", 400, `unknown column \"unit\"`},
		{"CSV value not a number", "text/csv", "indicator,time,value\n" + ind11 + ",2024-01-31,douze\n", 400, `line 2: value: \"douze\" is not a decimal number`},
		{"CSV NaN", "text/csv", "indicator,time,value\n" + ind11 + ",2024-01-31,NaN\n", 400, `line 2: value: \"NaN\" is not a decimal number`},
		{"CSV Inf", "text/csv", "indicator,time,value\n" + ind11 + ",2024-01-31,+Inf\n", 400, "line 2: value"},
		{"CSV short row", "text/csv", "indicator,time,value\n" + ind11 + ",2024-01-31\n", 400, "line 2: 2 fields, want 3"},
		{"CSV bad quoting", "text/csv", "indicator,time,value\n\"" + ind11 + ",2024-01-31,1\n", 400, "CSV line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			before := h.points(t)
			w := h.do(t, "POST", "/api/v1/measurements", tt.contentType, tt.body)
			if w.Code != tt.code {
				t.Errorf("status = %d, want %d (%s)", w.Code, tt.code, w.Body)
			}
			if !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("body = %s, want it to contain %q", w.Body, tt.want)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want JSON", ct)
			}
			if after := h.points(t); after != before {
				t.Errorf("points = %d after a refused push, want %d", after, before)
			}
		})
	}
}

// TestPushBounds sends batches too large to check and batches with more bad
// rows than an answer lists: both are refused whole, with answers of a
// bounded size that still say what to do.
func TestPushBounds(t *testing.T) {
	h := newHarness(t)
	var b strings.Builder
	b.WriteString("indicator,time,value\n")
	for range maxBatchItems + 1 {
		b.WriteString(ind11 + ",2024-01-31,1\n")
	}
	// The harness' body limit is 1 MiB: this batch needs the daemon's.
	api, err := New(h.store, h.eval, wired(t, h.store, h.eval, Options{Now: func() time.Time { return testNow }, MaxBodyBytes: 32 << 20}))
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/api/v1/measurements", strings.NewReader(b.String()))
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost"
	r.Header.Set("Content-Type", "text/csv")
	w := httptest.NewRecorder()
	api.Push().ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "batch of 100001 measurements: at most 100000 a request; split it") {
		t.Errorf("push of %d rows = %d %.300s, want 413 saying to split it", maxBatchItems+1, w.Code, w.Body)
	}

	b.Reset()
	b.WriteString("indicator,time,value\n")
	const bad = maxDetails + 500
	for range bad {
		b.WriteString("no_such_indicator,2024-01-31,1\n")
	}
	w = h.do(t, "POST", "/api/v1/measurements", "text/csv", b.String())
	got := decodeBody[wire.Error](t, w)
	if w.Code != http.StatusBadRequest || len(got.Details) != maxDetails+1 ||
		!strings.HasPrefix(got.Details[0], "line 2: ") || got.Details[maxDetails] != "… and 500 more problems, not listed: fix these and send the batch again" {
		t.Errorf("push of %d bad rows = %d, %d details (first %q, last %q); want 400, %d listed and a line for the rest",
			bad, w.Code, len(got.Details), got.Details[0], got.Details[len(got.Details)-1], maxDetails)
	}
	if n := h.points(t); n != 0 {
		t.Errorf("%d points stored after refused batches, want 0", n)
	}
}
