package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/territory"
)

func fuzzValidator(t *testing.F) *ingest.Checker {
	codes, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ingest.NewChecker(roadmap(t), codes)
}

// checkDecoded validates what a decoder returned: whatever the input, this
// must not panic, and every item is either refused with a reason or becomes
// a measurement.
func checkDecoded(t *testing.T, v *ingest.Checker, items []Item, bad []ItemError) {
	cands, refused := Candidates(items, bad)
	ms, invalid := v.Check(cands, testNow)
	refused = append(refused, invalid...)
	if len(ms)+len(refused) < len(items) {
		t.Fatalf("%d items became %d measurements and %d refusals", len(items), len(ms), len(refused))
	}
	for _, e := range refused {
		if e.Where == "" || e.Msg == "" {
			t.Fatalf("refusal without place or reason: %+v", e)
		}
	}
}

func FuzzDecodeJSON(f *testing.F) {
	v := fuzzValidator(f)
	for _, s := range []string{
		`{"measurements":[{"indicator":"` + ind11 + `","time":"2024-01-31","value":1}]}`,
		`{"measurements":[{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2024-01-31T00:00:00Z","value":12,"source":"x"}]}`,
		`{"measurements":[{},{"value":null},{"labels":{"region":1}}]}`,
		`{"measurements":[`, `[]`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		items, bad, err := JSON(body)
		if err != nil {
			return
		}
		checkDecoded(t, v, items, bad)
	})
}

func FuzzDecodeCSV(f *testing.F) {
	v := fuzzValidator(f)
	for _, s := range []string{
		"indicator,time,value\n" + ind11 + ",2024-01-31,1\n",
		"\ufeffindicator,time,value,label:region,source\n" + indRegion + ",2024-01-31,3,84,x\n",
		"indicator,time,value\n\"a,b\n", "indicator,indicator\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		items, bad, err := CSV(body)
		if err != nil {
			return
		}
		checkDecoded(t, v, items, bad)
	})
}

// decodeJSONFastStd is the encoding/json fast path that decodeJSONFast
// replaced, kept as the reference it must agree with and as the baseline of
// BenchmarkDecodeJSON.
func decodeJSONFastStd(body []byte) ([]Item, bool) {
	var batch struct {
		Measurements []Item `json:"measurements"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if dec.Decode(&batch) != nil || dec.More() || batch.Measurements == nil {
		return nil, false
	}
	for i := range batch.Measurements {
		if batch.Measurements[i].Value == nil {
			return nil, false
		}
		batch.Measurements[i].Where = "item " + strconv.Itoa(i)
	}
	return batch.Measurements, true
}

// sameItems is reflect.DeepEqual, which tells a nil map or slice from an
// empty one, and also tells -0 from 0.
func sameItems(a, b []Item) bool {
	if !reflect.DeepEqual(a, b) {
		return false
	}
	for i := range a {
		if math.Float64bits(*a[i].Value) != math.Float64bits(*b[i].Value) {
			return false
		}
	}
	return true
}

// measurementsKeys counts the top-level "measurements" keys of a batch that
// encoding/json can read, in any case: when there are several, encoding/json
// decodes the later arrays into the items of the first, which decodeJSONSlow
// does not do.
func measurementsKeys(body []byte) int {
	dec := json.NewDecoder(bytes.NewReader(body))
	n, depth, key := 0, 0, true
	for {
		tok, err := dec.Token()
		if err != nil {
			return n
		}
		switch tok := tok.(type) {
		case json.Delim:
			if tok == '{' || tok == '[' {
				depth++
			} else {
				depth--
			}
			key = depth == 1
			continue
		case string:
			if depth == 1 && key && bytes.EqualFold([]byte(tok), []byte("measurements")) {
				n++
			}
		}
		if depth == 1 {
			key = !key
		}
	}
}

// fastSeeds are batches for the scanner; take marks those it must take,
// not merely be right about.
var fastSeeds = []struct {
	body string
	take bool
}{
	{`{"measurements":[]}`, true},
	{`{"measurements":[{"indicator":"a","labels":{"site":"s000001"},"time":"2024-01-31T00:00:00Z","value":1.5,"source":"bulk"}]}`, true},
	{`{"measurements":[{"indicator":"a","time":"2024-01-31","value":1},{"indicator":"a","time":"2024-02-29","value":2}]}`, true},
	{" \t\r\n{ \"measurements\" : [ { \"indicator\" : \"a\" , \"labels\" : { \"k\" : \"v\" } , \"value\" : 1 } ] } \n", true},
	{`{"measurements":[{"value":1}]}]`, false},
	{`{"measurements":[{"value":1}]}}x`, false},
	{`{"measurements":[{"value":1}]} x`, false},
	{`{"measurements":[{"value":1}]}{}`, false},
	{`{"measurements":[{"indicator":"a\"b\\c\/d\be\ff\ng\rh\ti\u0000\u00e9\u20AC","value":1}]}`, true},
	{`{"measurements":[{"indicator":"\ud83d\ude00 \uD83D\uDE00\ud800\udc00\udbff\udfff","value":1}]}`, true},
	{`{"measurements":[{"indicator":"\ud83d\ude00 \ud83d \ude00 \ud83d\ud83d\ude00 \ud83dx \ud83d\n \udfff\ud800","value":1}]}`, false},
	{`{"measurements":[{"indicator":"\ud83d","value":1}]}`, false},
	{`{"measurements":[{"labels":{"\udc00":"a"},"value":1}]}`, false},
	{`{"measurements":[{"indicator":"\ufffd\uFFFD","value":1}]}`, true},
	{`{"measurements":[{"indicator":"\u12","value":1}]}`, false},
	{`{"measurements":[{"indicator":"\x","value":1}]}`, false},
	{`{"measurements":[{"indicator":"\'","value":1}]}`, false},
	{`{"measurements":[{"indicator":"Île-de-France €  ","labels":{"région":"Provence-Alpes-Côte d'Azur"},"value":1}]}`, true},
	{"{\"measurements\":[{\"indicator\":\"\xff\xfe\",\"value\":1}]}", false},
	{"{\"measurements\":[{\"indicator\":\"\xed\xa0\x80\",\"value\":1}]}", false},
	{"{\"measurements\":[{\"indicator\":\"\xef\xbf\xbd\",\"value\":1}]}", true},
	{"{\"measurements\":[{\"indicator\":\"a\tb\",\"value\":1}]}", false},
	{`{"measurements":[{"indicator":"a","indicator":"b","value":1,"value":2,"source":"x","source":null}]}`, false}, // a key given twice: refused by decodeJSONSlow
	{`{"measurements":[{"labels":{"a":"1","a":"2"},"labels":{"b":"3"},"value":1}]}`, false},                        // a key given twice: refused by decodeJSONSlow
	{`{"measurements":[{"labels":{"a":"1"},"labels":null,"value":1}]}`, false},                                     // a key given twice: refused by decodeJSONSlow
	{`{"measurements":[{"labels":null,"labels":{},"value":1}]}`, false},                                            // a key given twice: refused by decodeJSONSlow
	{`{"measurements":[{"labels":{"a":null,"\u0062":"\u0063"},"value":1}]}`, true},
	{`{"measurements":[{"labels":{"a":1},"value":1}]}`, false},
	{`{"measurements":[{"labels":[],"value":1}]}`, false},
	{`{"measurements":[{"indicator":null,"time":null,"source":null,"labels":null,"value":1}]}`, true},
	{`{"measurements":[{"value":null}]}`, false},
	{`{"measurements":[{"value":1,"value":null}]}`, false},
	{`{"measurements":[{"value":null,"value":1}]}`, false},               // a key given twice: refused by decodeJSONSlow
	{`{"measurements":[{"labels":{"a":"1","a":"2"},"value":1}]}`, false}, // a label given twice, likewise
	{`{"measurements":[{}]}`, false},
	{`{"measurements":[null]}`, false},
	{`{"measurements":[1]}`, false},
	{`{"measurements":null}`, false},
	{`{"measurements":{}}`, false},
	{`{"measurements":[],"measurements":[]}`, false},
	{`{"measurements":[{"indicator":"a","value":1}],"measurements":[{"value":2}]}`, false},
	{`{"measurements":[],"extra":1}`, false},
	{`{}`, false},
	{`null`, false},
	{`[]`, false},
	{``, false},
	{`{"measurements":[`, false},
	{`{"measurements":[{"value":1},]}`, false},
	{`{"measurements":[{"value":1e400}]}`, false},
	{`{"measurements":[{"value":-1e400}]}`, false},
	{`{"measurements":[{"value":1e-400}]}`, true},
	{`{"measurements":[{"value":-0}]}`, true},
	{`{"measurements":[{"value":-0.0e+0}]}`, true},
	{`{"measurements":[{"value":1E2}]}`, true},
	{`{"measurements":[{"value":0.1}]}`, true},
	{`{"measurements":[{"value":123456789012345678901234567890}]}`, true},
	{`{"measurements":[{"value":4.9406564584124654e-324}]}`, true},
	{`{"measurements":[{"value":01}]}`, false},
	{`{"measurements":[{"value":1.}]}`, false},
	{`{"measurements":[{"value":.5}]}`, false},
	{`{"measurements":[{"value":+1}]}`, false},
	{`{"measurements":[{"value":1e}]}`, false},
	{`{"measurements":[{"value":"1"}]}`, false},
	{`{"measurements":[{"value":true}]}`, false},
	{`{"measurements":[{"value":NaN}]}`, false},
	{`{"Measurements":[{"value":1}]}`, false},
	{`{"measurementz":[{"value":1}]}`, false},
	{`{"measurements":[{"Value":1}]}`, false},
	{`{"measurements":[{"INDICATOR":"a","value":1}]}`, false},
	{`{"measurements":[{"ſource":"a","value":1}]}`, false},
	{`{"measurements":[{"\u0076alue":1}]}`, false},
	{`{"measurements":[{"value":1,"unit":"x"}]}`, false},
	{`{"measurements":[{"value":1,"extra":{"a":[1,{"b":null}]}}]}`, false},
	{`{"measurements":[{"value":1,"labels":{"a":{"b":"c"}}}]}`, false},
	{"\ufeff{\"measurements\":[]}", false},
}

// TestDecodeJSONFast checks that the scanner takes the batches it is meant
// to take, and agrees with encoding/json on them; FuzzDecodeJSONFast then
// looks for disagreements.
func TestDecodeJSONFast(t *testing.T) {
	for _, seed := range append(fastSeeds, struct {
		body string
		take bool
	}{string(bulkBatch(3)), true}) {
		body := []byte(seed.body)
		got, ok := decodeJSONFast(body)
		want, wantOK := decodeJSONFastStd(body)
		switch {
		case seed.take && !(ok && wantOK):
			t.Errorf("%s: scanner ok=%v, encoding/json ok=%v, want both", body, ok, wantOK)
		case ok && !wantOK:
			t.Errorf("%s: scanner took a batch encoding/json refuses", body)
		case ok && !sameItems(got, want):
			t.Errorf("%s:\n got %#v\nwant %#v", body, got, want)
		}
	}
}

// FuzzDecodeJSONFast holds the scanner to the encoding/json decoder it
// replaced: whatever it takes, encoding/json takes too and decodes the same
// way; whatever it gives up on, decodeJSONSlow decodes as encoding/json did.
func FuzzDecodeJSONFast(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s.body))
	}
	f.Add(bulkBatch(20))
	f.Fuzz(checkFast)
}

// FuzzDecodeJSONFastParts puts fuzzed text where the scanner reads strings,
// keys and numbers, so that the fuzzer explores escapes, UTF-8 and number
// forms instead of mostly breaking the shape of the batch.
func FuzzDecodeJSONFastParts(f *testing.F) {
	f.Add("bench_level", "site", "s000001", "2024-01-31T00:00:00Z", "1.5", "source", `"bulkload"`)
	f.Add(`a\"b\\c\/d\be\ff\ng\rh\ti\u0000\u00e9\u20AC`, `\u0062`, `\ud83d\ude00`, `\ud83d`, "-0", "labels", `{"k":null}`)
	f.Add("Île-de-France", "région", "\xff", "\xed\xa0\x80", "1e400", "Value", "1")
	f.Add(`\'`, `\x`, `\u12`, "\t", "01", "value", "null")
	f.Add("", "", "", "", "1E+2", "time", "null")
	f.Fuzz(func(t *testing.T, indicator, labelKey, labelValue, time, value, key, raw string) {
		body := `{"measurements":[{"indicator":"` + indicator + `","labels":{"` + labelKey + `":"` + labelValue +
			`"},"time":"` + time + `","value":` + value + `,"` + key + `":` + raw + `}]}`
		checkFast(t, []byte(body))
	})
}

func checkFast(t *testing.T, body []byte) {
	got, ok := decodeJSONFast(body)
	want, wantOK := decodeJSONFastStd(body)
	breach := contractBreach(body)
	if ok {
		if !wantOK {
			t.Fatalf("scanner took a batch encoding/json refuses: %q", body)
		}
		if breach != "" {
			t.Fatalf("scanner took a batch with %s: %q", breach, body)
		}
		if !sameItems(got, want) {
			t.Fatalf("%q:\n got %#v\nwant %#v", body, got, want)
		}
		return
	}
	if !wantOK || measurementsKeys(body) > 1 {
		return
	}
	slow, bad, err := decodeJSONSlow(body)
	if breach == "" {
		breach = looseKeys(body)
	}
	if breach != "" {
		// encoding/json took a key in another case or given twice, text it
		// had to replace, or data after the batch; decodeJSONSlow must
		// refuse the batch and say why.
		if err == nil && bad == nil {
			t.Fatalf("%q has %s, and decodeJSONSlow took it: %#v", body, breach, slow)
		}
		return
	}
	if err != nil || bad != nil || !sameItems(slow, want) {
		t.Fatalf("scanner gave up on %q and decodeJSONSlow gave %#v, %v, %v; want %#v", body, slow, bad, err, want)
	}
}

// contractBreach names what in a batch encoding/json reads although the
// decoding contract refuses it, "" if there is none: invalid UTF-8, a lone
// surrogate escape (both of which encoding/json turns into U+FFFD), or data
// after the first JSON value, which encoding/json's More does not see when
// it is a closing bracket or brace. It is written independently of
// Strict: a lone surrogate shows as more U+FFFD in the decoded strings
// than the text holds, as such or as an escape.
func contractBreach(body []byte) string {
	if !utf8.Valid(body) {
		return "invalid UTF-8"
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var v any
	if dec.Decode(&v) != nil {
		return ""
	}
	if len(bytes.TrimLeft(body[dec.InputOffset():], " \t\r\n")) > 0 {
		return "data after the batch"
	}
	sent := bytes.Count(body, []byte("\ufffd")) + bytes.Count(bytes.ToLower(body), []byte(`\ufffd`))
	if countReplacements(v) > sent {
		return "a lone surrogate"
	}
	return ""
}

// countReplacements counts U+FFFD in the strings and keys of a decoded
// JSON value.
func countReplacements(v any) int {
	switch v := v.(type) {
	case string:
		return strings.Count(v, "\ufffd")
	case []any:
		n := 0
		for _, e := range v {
			n += countReplacements(e)
		}
		return n
	case map[string]any:
		n := 0
		for k, e := range v {
			n += strings.Count(k, "\ufffd") + countReplacements(e)
		}
		return n
	}
	return 0
}

// looseKeys names what in a batch encoding/json accepts silently and
// decodeJSONSlow refuses: a key of the batch or of an item in another case
// than its field's, or a key repeated in the batch, an item or its labels;
// "" if there is none. It walks the tokens independently of strictKeys.
func looseKeys(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{', '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{object: tok == '{', keys: map[string]bool{}, key: tok == '{'})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].key = true
				}
			}
			continue
		case string:
			if top != nil && top.object && top.key {
				// Depth 1 is the batch, 3 an item, 4 an item's labels.
				depth := len(stack)
				if depth == 1 || depth == 3 || depth == 4 {
					if top.keys[tok] {
						return fmt.Sprintf("key %q twice", tok)
					}
					top.keys[tok] = true
				}
				for _, f := range []string{"measurements", "indicator", "labels", "time", "value", "source"} {
					if (depth == 1 || depth == 3) && tok != f && strings.EqualFold(tok, f) {
						return fmt.Sprintf("key %q", tok)
					}
				}
				top.key = false
				continue
			}
		}
		if top != nil && top.object {
			top.key = true
		}
	}
}

// TestDecodeJSONFastEscapes compares every sequence of up to three \u
// escapes drawn from the boundaries of the surrogate ranges, where a fuzzer
// rarely lands: pairs, lone halves, halves in the wrong order.
func TestDecodeJSONFastEscapes(t *testing.T) {
	units := []string{"", `\u0000`, `\u007f`, `\u00e9`, `\ud7ff`, `\ud800`, `\ud83d`, `\udbff`, `\udc00`, `\ude00`, `\udfff`, `\ue000`, `\ufffd`, `\uFFFF`, `x`, `\n`, "é"}
	for _, a := range units {
		for _, b := range units {
			for _, c := range units {
				checkFast(t, []byte(`{"measurements":[{"indicator":"`+a+b+c+`","labels":{"`+c+b+a+`":"`+b+c+a+`"},"value":1}]}`))
			}
		}
	}
}

// TestDecodeJSONFastGenerated compares batches put together at random from
// pieces that are each valid or nearly so, most of which the scanner must
// take.
func TestDecodeJSONFastGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	space := func() string {
		switch r.IntN(100) {
		case 0:
			return pick("\v", "\u00a0", "\x00")
		case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10:
			return pick(" ", "\n", "\t", "\r\n  ")
		}
		return ""
	}
	str := func() string {
		if r.IntN(5) > 0 {
			return pick(`"bench_level"`, `"s000001"`, `"2024-01-31T00:00:00Z"`, `""`)
		}
		return pick(`null`, `"a\"b"`, `"\u00e9\ud83d\ude00"`, `"\ud83d"`, `"é€"`, "\"\xff\"", `"\'"`, "\"\x01\"", `"\/\b\f\n\r\t"`, `1`, `true`, `{}`, `[]`, `"unterminated`)
	}
	number := func() string {
		if r.IntN(5) > 0 {
			return strconv.FormatFloat(r.NormFloat64()*1e3, pick("f", "e", "g")[0], r.IntN(8)-1, 64)
		}
		return pick("0", "-0", "1E2", "1e+2", "1e-2", "0.1", "1e400", "-1e400", "1e-400", "01", "1.", ".5", "+1", "-", "1e", "0x10", "NaN", "null", `"1"`, "1_0", "9007199254740993", "1.7976931348623157e308", "1.7976931348623159e308")
	}
	labels := func() string {
		if r.IntN(5) == 0 {
			return pick("null", "{}", "[]", `{"a":1}`, `{"a":{}}`, `{"a":null}`)
		}
		var b strings.Builder
		b.WriteString("{")
		for i := range r.IntN(6) {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(space() + pick(`"site"`, `"region"`, `"a"`, `"\u0061"`, `"é"`, `""`) + space() + ":" + space() + str() + space())
		}
		b.WriteString("}")
		return b.String()
	}
	item := func() string {
		var keys []string
		for _, k := range []string{"indicator", "labels", "time", "value", "source"} {
			if r.IntN(10) > 0 {
				keys = append(keys, k)
			}
		}
		r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		for range r.IntN(3) {
			keys = append(keys, pick("indicator", "labels", "time", "value", "source", "value", "Value", "unit", `\u0076alue`, "ſource"))
		}
		var b strings.Builder
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(space() + `"` + k + `"` + space() + ":" + space())
			switch strings.ToLower(k) {
			case "value":
				b.WriteString(number())
			case "labels":
				b.WriteString(labels())
			default:
				b.WriteString(str())
			}
			b.WriteString(space())
		}
		b.WriteString("}")
		return b.String()
	}
	took := 0
	const batches = 20000
	for range batches {
		var b strings.Builder
		b.WriteString(space() + "{" + space() + `"measurements"` + space() + ":" + space() + "[")
		for i := range r.IntN(4) {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(space() + item() + space())
		}
		b.WriteString("]" + space())
		if r.IntN(20) == 0 {
			b.WriteString(pick(`,"extra":1`, `,"measurements":[]`, `,"Measurements":null`, ","))
		}
		b.WriteString("}" + space())
		if r.IntN(10) == 0 {
			b.WriteString(pick("]", "}", "x", "{}", "\x00", "]]"))
		}
		body := []byte(b.String())
		checkFast(t, body)
		if _, ok := decodeJSONFast(body); ok {
			took++
		}
	}
	// Otherwise the comparison would say little.
	if took < batches/5 {
		t.Errorf("the scanner took %d of %d batches", took, batches)
	}
	t.Logf("the scanner took %d of %d batches", took, batches)
}
