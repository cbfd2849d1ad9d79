package main

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

const numbersIndicator = "mes_documents_fed_per_year"

// numberPath sends text as the value of one measurement dated day, by one
// of the ways in, and reports whether it was accepted.
type numberPath struct {
	name  string
	comma bool // the format reads a decimal comma rather than a point
	json  bool // JSON's own grammar
	send  func(t *testing.T, n *numbersRig, day, text string) bool
}

var numberPaths = []numberPath{
	{name: "JSON push", json: true, send: func(t *testing.T, n *numbersRig, day, text string) bool {
		return n.post(t, "application/json", fmt.Sprintf(`{"measurements":[{"indicator":%q,"time":%q,"value":%s}]}`, numbersIndicator, day, text))
	}},
	{name: "CSV push, commas", send: func(t *testing.T, n *numbersRig, day, text string) bool {
		return n.post(t, "text/csv", fmt.Sprintf("indicator,time,value\n%s,%s,\"%s\"\n", numbersIndicator, day, text))
	}},
	{name: "CSV push, semicolons", comma: true, send: func(t *testing.T, n *numbersRig, day, text string) bool {
		return n.post(t, "text/csv", fmt.Sprintf("indicator;time;value\n%s;%s;\"%s\"\n", numbersIndicator, day, text))
	}},
	{name: "import, commas", send: func(t *testing.T, n *numbersRig, day, text string) bool {
		return n.importFile(t, fmt.Sprintf("indicator,time,value\n%s,%s,\"%s\"\n", numbersIndicator, day, text))
	}},
	{name: "import, semicolons", comma: true, send: func(t *testing.T, n *numbersRig, day, text string) bool {
		return n.importFile(t, fmt.Sprintf("indicator;time;value\n%s;%s;\"%s\"\n", numbersIndicator, day, text))
	}},
	{name: "push argument", send: func(t *testing.T, n *numbersRig, day, text string) bool {
		_, _, code := runCLI(t, "", "push", "--url", n.url, numbersIndicator, day, text)
		return code == 0
	}},
	{name: "puller", send: func(t *testing.T, n *numbersRig, day, text string) bool {
		return n.pull(t, "point", day, text)
	}},
	{name: "puller, decimal_comma", comma: true, send: func(t *testing.T, n *numbersRig, day, text string) bool {
		return n.pull(t, "comma", day, text)
	}},
}

// TestOneNumberRule feeds the same texts to every way a value comes in and
// checks that each reads them by one rule: digit-group spaces (also
// no-break ones) wherever text is read, a decimal comma where the format
// says so and a point elsewhere, JSON numbers by JSON's grammar. CSV
// pushes refused "4 512" that pullers read as 4512, and semicolons.
func TestOneNumberRule(t *testing.T) {
	const refused = -1
	for _, tt := range []struct {
		text               string
		point, comma, json float64
	}{
		{"4512", 4512, 4512, 4512},
		{"4 512", 4512, 4512, refused},
		{"4\u00a0512", 4512, 4512, refused},
		{"4\u202f512", 4512, 4512, refused},
		{"4512,5", refused, 4512.5, refused},
		{"4 512,5", refused, 4512.5, refused},
		{"4512.5", 4512.5, refused, 4512.5},
		{"4 512.5", 4512.5, refused, refused},
		{"1_000", refused, refused, refused},
		{"45 12", 4512, 4512, refused}, // a group space is not checked for three digits
	} {
		n := newNumbersRig(t)
		for i, p := range numberPaths {
			day := time.Date(2024, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			want := tt.point
			switch {
			case p.json:
				want = tt.json
			case p.comma:
				want = tt.comma
			}
			ok := p.send(t, n, day, tt.text)
			got := n.value(t, day)
			if ok != (want != refused) || ok && got != want {
				t.Errorf("%s %q: accepted %v, stored %v; want %v", p.name, tt.text, ok, got, want)
			}
		}
	}
}

// numbersRig is a daemon's push API and two pullers (decimal point,
// decimal comma) over one store.
type numbersRig struct {
	url     string
	st      *store.Store
	pullers *collector.Manager
	mu      sync.Mutex
	body    string // what the pullers' source serves
}

func newNumbersRig(t *testing.T) *numbersRig {
	t.Helper()
	n := &numbersRig{}
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.mu.Lock()
		defer n.mu.Unlock()
		fmt.Fprint(w, n.body)
	}))
	t.Cleanup(src.Close)
	st, ev, pipe := ingestStack(t)
	n.st = st
	var cfg strings.Builder
	for _, p := range []struct{ name, comma string }{{"point", "false"}, {"comma", "true"}} {
		fmt.Fprintf(&cfg, "[[puller]]\nname = %q\ntype = \"csv\"\nschedule = \"0 6 * * *\"\nindicator = %q\nurl = \"%s/%s.csv\"\n"+
			"  [puller.csv]\n  decimal_comma = %s\n  time_column = \"date\"\n  value_column = \"valeur\"\n",
			p.name, numbersIndicator, src.URL, p.name, p.comma)
	}
	d, err := config.ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(cfg.String())})
	if err != nil {
		t.Fatal(err)
	}
	if n.pullers, err = collector.New(collector.Options{Pullers: d.Pullers, Pipeline: pipe, Store: st, Catalog: ev.Catalog()}); err != nil {
		t.Fatal(err)
	}
	a, err := api.New(st, ev, wired(st, pipe, api.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Push())
	t.Cleanup(srv.Close)
	n.url = srv.URL
	return n
}

func (n *numbersRig) post(t *testing.T, contentType, body string) bool {
	resp, err := http.Post(n.url+"/api/v1/measurements", contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (n *numbersRig) importFile(t *testing.T, content string) bool {
	file := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, code := runCLI(t, "", "import", "--url", n.url, "--progress", "none", file)
	return code == 0
}

func (n *numbersRig) pull(t *testing.T, name, day, text string) bool {
	n.mu.Lock()
	n.body = fmt.Sprintf("date;valeur\n%s;\"%s\"\n", day, text)
	n.mu.Unlock()
	return n.pullers.RunNow(context.Background(), name) == nil
}

// value is the value stored at day, -1 when there is none.
func (n *numbersRig) value(t *testing.T, day string) float64 {
	at, _ := time.Parse(time.DateOnly, day)
	series, err := n.st.Series()
	if err != nil {
		t.Fatal(err)
	}
	got := -1.0
	for _, s := range series {
		err := n.st.Points(s.ID, at, at.Add(time.Second), func(p indicators.Point, _ string) error {
			got = p.Value
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if math.IsNaN(got) {
		t.Fatalf("value at %s is NaN", day)
	}
	return got
}
