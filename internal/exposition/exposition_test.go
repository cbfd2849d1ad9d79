package exposition

import (
	"bytes"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/evaluator"
)

// scrapeCached encodes the latest snapshot as the first scrape after it
// does, checks that the bytes equal a full encoding of that snapshot, and
// returns them.
func scrapeCached(t *testing.T, h *Handler, s *evaluator.Snapshot) []byte {
	t.Helper()
	x, _, ok := h.cached(s, false)
	if !ok {
		t.Fatal("exposition not cached")
	}
	got := x.bytes()
	var want bytes.Buffer
	if err := encodeSnapshot(&want, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("exposition of generation %d differs from a full encoding:\n%s", s.Generation, firstDiff(got, want.Bytes()))
	}
	return got
}

func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(bytes.LastIndexByte(want[:i], '\n')+1, 0)
	line := func(b []byte) string {
		if from > len(b) {
			return ""
		}
		end := bytes.IndexByte(b[from:], '\n')
		if end < 0 {
			return string(b[from:])
		}
		return string(b[from : from+end])
	}
	return "got:  " + line(got) + "\nwant: " + line(want)
}

// sampleOf returns the value of the line of family name for a site, and
// whether there is one.
func sampleOf(t *testing.T, b []byte, name, site, extra string) (float64, bool) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + name + `\{indicator="bench_level",objective="90-1",site="` + site + `"` + extra + `\} (\S+)$`)
	m := re.FindSubmatch(b)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Error(err)
	}
	return v, true
}

func TestExpositionReusesUnchangedSeries(t *testing.T) {
	f := newScrapeFixture(t, 40)
	h := &Handler{snapshot: f.eval.Snapshot}
	first := scrapeCached(t, h, f.eval.Snapshot())
	if v, _ := sampleOf(t, first, "jalon_indicator_status", "s000007", `,status="on_track"`); v != 1 {
		t.Fatalf("s000007 on_track = %v before the push, want 1", v)
	}

	before := h.expo
	f.pushOne(t, 7, 10)
	b := scrapeCached(t, h, f.eval.Snapshot())
	if !sharesBacking(h.expo, before) {
		t.Errorf("the exposition after a push to one series rendered every line again")
	}
	if v, ok := sampleOf(t, b, "jalon_indicator_value", "s000007", ""); !ok || v != 10 {
		t.Errorf("s000007 value = %v, %v after the push, want 10", v, ok)
	}
	if v, _ := sampleOf(t, b, "jalon_indicator_value", "s000008", ""); v == 10 {
		t.Errorf("s000008 took the value pushed to s000007")
	}

	// The plan moves with time: an evaluation a month later.
	f.now = f.now.AddDate(0, 1, 0)
	f.eval.EvaluateAll()
	scrapeCached(t, h, f.eval.Snapshot())

	// A year without data makes every series stale: its state lines change.
	f.now = f.now.AddDate(1, 0, 0)
	f.eval.EvaluateAll()
	b = scrapeCached(t, h, f.eval.Snapshot())
	if v, _ := sampleOf(t, b, "jalon_indicator_status", "s000007", `,status="on_track"`); v != 0 {
		t.Errorf("s000007 on_track = %v after a year without data, want 0", v)
	}

	// A new series sorts between existing ones.
	f.pushOne(t, 25, 123456)
	f.pushOne(t, 1000, 654321)
	b = scrapeCached(t, h, f.eval.Snapshot())
	if v, ok := sampleOf(t, b, "jalon_indicator_value", "s001000", ""); !ok || v != 654321 {
		t.Errorf("new series s001000 value = %v, %v, want 654321", v, ok)
	}

	// Pushes to one series after another, each scraped: the lines left
	// behind in earlier buffers must not pile up.
	for i := range 60 {
		f.pushOne(t, 1+i%40, float64(1000*i))
		scrapeCached(t, h, f.eval.Snapshot())
		if h.expo.held() > h.expo.size+h.expo.size/4 {
			t.Fatalf("after %d pushes, the exposition holds %d spans of %d bytes for %d bytes", i+1, len(h.expo.spans), h.expo.held(), h.expo.size)
		}
	}

	// A catalog without the bench indicator removes its series.
	f.eval.SetCatalog(roadmap(t))
	b = scrapeCached(t, h, f.eval.Snapshot())
	if bytes.Contains(b, []byte(`indicator="bench_level"`)) {
		t.Errorf("series of an indicator removed from the catalog are still exposed")
	}
	checkWithPromtool(t, b)
}

// TestExpositionConcurrentScrapes scrapes while pushes publish snapshots: no
// scrape may see an older value than one it saw before.
func TestExpositionConcurrentScrapes(t *testing.T) {
	f := newScrapeFixture(t, 20)
	h := &Handler{snapshot: f.eval.Snapshot}
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan string, 4)
	for range 4 {
		wg.Go(func() {
			last := 0.0
			for {
				select {
				case <-done:
					return
				default:
				}
				x, _, ok := h.cached(f.eval.Snapshot(), false)
				if !ok {
					errs <- "exposition not cached"
					return
				}
				v, _ := sampleOf(t, x.bytes(), "jalon_indicator_value", "s000003", "")
				if v < last {
					errs <- "value went back from " + strconv.FormatFloat(last, 'g', -1, 64) + " to " + strconv.FormatFloat(v, 'g', -1, 64)
					return
				}
				last = v
			}
		})
	}
	for i := range 30 {
		f.pushOne(t, 3, float64(800000+i))
		f.now = f.now.Add(time.Second)
	}
	close(done)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	scrapeCached(t, h, f.eval.Snapshot())
}

func sharesBacking(x, prev *exposition) bool {
	for _, sp := range x.spans {
		for _, p := range prev.spans {
			if sp.b == p.b {
				return true
			}
		}
	}
	return false
}
