package server

import (
	"testing"

	"github.com/jalonhq/jalon/ingest"
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
func checkDecoded(t *testing.T, v *ingest.Checker, items []rawItem, bad []itemError) {
	cands, refused := candidates(items, bad)
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
		items, bad, err := decodeJSON(body)
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
		items, bad, err := decodeCSV(body)
		if err != nil {
			return
		}
		checkDecoded(t, v, items, bad)
	})
}
