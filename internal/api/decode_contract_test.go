package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestDecodeContract pushes what the decoding contract refuses in both
// formats (docs/api.md, "Decoding"): invalid UTF-8 and lone surrogates,
// data after the JSON object, numbers outside plain decimal notation. Each
// is a 400 naming the item or line and the field, and writes nothing.
func TestDecodeContract(t *testing.T) {
	const head = "indicator,time,value,source\n"
	js := func(f string) string { return item(`{"indicator":"` + ind11 + `","time":"2024-01-31",` + f + `}`) }
	csvRow := func(value, source string) string { return head + ind11 + ",2024-01-31," + value + "," + source + "\n" }
	tests := []struct {
		name, contentType, body string
		want                    string // in the response body, as JSON writes it
	}{
		{"JSON invalid UTF-8 in a value", "application/json", js("\"value\":1,\"source\":\"caf\xe9\""),
			`item 0: source: invalid UTF-8 at byte 102 (0xe9): send text in UTF-8`},
		{"JSON invalid UTF-8 in a label", "application/json", item(`{"indicator":"` + indRegion + "\",\"labels\":{\"region\":\"8\xff\"},\"time\":\"2024-01-31\",\"value\":1}"),
			`item 0: labels.region: invalid UTF-8 at byte`},
		{"JSON invalid UTF-8 in the second item", "application/json", item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":1},{"indicator":"` + ind11 + "\xc3\",\"time\":\"2024-02-29\",\"value\":1}"),
			`item 1: indicator: invalid UTF-8 at byte`},
		{"JSON lone high surrogate", "application/json", js(`"value":1,"source":"a\ud800b"`),
			`item 0: source: lone UTF-16 surrogate \\ud800 at byte 100: a \\ud800-\\udfff escape must be a high one followed by a low one`},
		{"JSON lone low surrogate", "application/json", js(`"value":1,"source":"\udc00"`),
			`item 0: source: lone UTF-16 surrogate \\udc00`},
		{"JSON surrogates in the wrong order", "application/json", js(`"value":1,"source":"\ude00\ud83d"`),
			`item 0: source: lone UTF-16 surrogate \\ude00`},
		{"JSON trailing bracket", "application/json", js(`"value":1`) + `]`,
			`malformed batch: data after the JSON object at byte 91: send one object, and nothing after it`},
		{"JSON trailing brace", "application/json", js(`"value":1`) + "\n}",
			`malformed batch: data after the JSON object at byte 92`},
		{"JSON trailing object", "application/json", js(`"value":1`) + `{}`,
			`malformed batch: data after the JSON object at byte 91: send one object, and nothing after it`},
		{"JSON batch key twice", "application/json", `{"measurements":[],"measurements":[]}`,
			`malformed batch: \"measurements\" given twice`},
		{"CSV underscores", "text/csv", csvRow("1_2_3", ""),
			`line 2: value: \"1_2_3\" is not a decimal number: '_' at byte 1; want digits`},
		{"CSV hex float", "text/csv", csvRow("0x1.8p1", ""),
			`line 2: value: \"0x1.8p1\" is not a decimal number: 'x' at byte 1`},
		{"CSV infinity", "text/csv", csvRow("-infinity", ""),
			`line 2: value: \"-infinity\" is not a decimal number: 'i' at byte 1`},
		{"CSV NaN", "text/csv", csvRow("nan", ""),
			`line 2: value: \"nan\" is not a decimal number: 'n' at byte 0`},
		{"CSV decimal comma", "text/csv", head + ind11 + ",2024-01-31,\"12,5\",\n",
			`line 2: value: \"12,5\" is not a decimal number: ',' at byte 2`},
		{"CSV overflow", "text/csv", csvRow("1e400", ""),
			`line 2: value: \"1e400\" is beyond the range of a 64-bit number`},
		{"CSV invalid UTF-8", "text/csv", csvRow("1", "caf\xe9"),
			`line 2: source: invalid UTF-8 at byte 3 of the field (0xe9): send text in UTF-8`},
		{"CSV invalid UTF-8 in the indicator", "text/csv", head + "a\xffb,2024-01-31,1,\n",
			`line 2: indicator: invalid UTF-8 at byte 1 of the field (0xff)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			before := h.points(t)
			w := h.do(t, "POST", "/api/v1/measurements", tt.contentType, tt.body)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("push = %d %s, want 400 with %s", w.Code, w.Body, tt.want)
			}
			if after := h.points(t); after != before {
				t.Errorf("points = %d after a refused push, want %d", after, before)
			}
		})
	}
}

// TestDecodeContractAccepts pushes the forms the contract keeps: a plain
// decimal with a sign, an exponent, a point on one side only, and text
// with a surrogate pair and a no-break space.
func TestDecodeContractAccepts(t *testing.T) {
	h := newHarness(t)
	csv := "indicator,time,value,source\n" +
		ind11 + ",2024-01-31,+12.5,\n" +
		ind11 + ",2024-02-29,1.5E3,\n" +
		ind11 + ",2024-03-31,.5,\n" +
		ind11 + ",2024-04-30, 5. ,caf\u00e9\u00a0\U0001F600\n"
	if w := h.do(t, "POST", "/api/v1/measurements", "text/csv", csv); w.Code != http.StatusOK {
		t.Fatalf("CSV push = %d %s, want 200", w.Code, w.Body)
	}
	body := item(`{"indicator":"`+ind11+`","time":"2024-05-31","value":-0.0e+0,"source":"\ud83d\ude00 \u00e9"}`) + " \n"
	if w := h.push(t, body); w.Code != http.StatusOK {
		t.Fatalf("JSON push = %d %s, want 200", w.Code, w.Body)
	}
}
