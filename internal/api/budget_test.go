package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// budgetAPI is an API over the harness's store with a push memory budget of
// limit bytes and a wait of wait.
func budgetAPI(t *testing.T, h *harness, limit int64, wait time.Duration) *API {
	t.Helper()
	api, err := New(h.store, h.eval, wired(t, h.store, h.eval, Options{Now: func() time.Time { return testNow }, MaxBodyBytes: 1 << 20,
		PushMemory: limit, PushWait: wait, Pipeline: h.api.pipeline}))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// daysBatch is a push of n daily points of ind11 from first, a distinct
// batch for each first.
func daysBatch(first time.Time, n int) string {
	var b strings.Builder
	b.WriteString(`{"measurements":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"indicator":"%s","time":"%s","value":%d}`, ind11, first.AddDate(0, 0, i).Format(time.DateOnly), i+1)
	}
	b.WriteString("]}")
	return b.String()
}

func pushRequest(body io.Reader, length int64) *http.Request {
	r := httptest.NewRequest("POST", "/api/v1/measurements", body)
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
	r.Header.Set("Content-Type", "application/json")
	r.ContentLength = length
	return r
}

// TestPushBudgetFull holds the budget with a push whose body is still
// arriving: a second push waits, then is refused with 503 and Retry-After,
// and goes through once the first is answered.
func TestPushBudgetFull(t *testing.T) {
	h := newHarness(t)
	first, second := daysBatch(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), 10), daysBatch(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 10)
	api := budgetAPI(t, h, int64(len(first)+1)*pushMemoryPerByte, 20*time.Millisecond)

	pr, pw := io.Pipe()
	held := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		api.Push().ServeHTTP(held, pushRequest(pr, int64(len(first))))
	}()
	if err := testpeer.Poll(5*time.Second, func() (bool, error) { now, _ := api.budget.usage(); return now > 0, nil }); err != nil {
		t.Fatalf("first push never reserved memory: %v", err)
	}

	w := httptest.NewRecorder()
	api.Push().ServeHTTP(w, pushRequest(strings.NewReader(second), int64(len(second))))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" ||
		!strings.Contains(w.Body.String(), "push memory budget") || !strings.Contains(w.Body.String(), "--web.max-push-memory") {
		t.Errorf("push while the budget is full = %d Retry-After %q %s, want 503 with Retry-After naming the budget",
			w.Code, w.Header().Get("Retry-After"), w.Body)
	}

	pw.Write([]byte(first))
	pw.Close()
	<-done
	if held.Code != http.StatusOK {
		t.Fatalf("first push = %d %s, want 200", held.Code, held.Body)
	}
	w = httptest.NewRecorder()
	api.Push().ServeHTTP(w, pushRequest(strings.NewReader(second), int64(len(second))))
	if w.Code != http.StatusOK {
		t.Errorf("push after the budget was released = %d %s, want 200", w.Code, w.Body)
	}
	if now, _ := api.budget.usage(); now != 0 {
		t.Errorf("budget in use after every push was answered = %d, want 0", now)
	}
	if got := h.points(t); got != 20 {
		t.Errorf("stored points = %d, want 20", got)
	}
}

// TestPushBudgetChunked reads bodies of unannounced length: the reservation
// grows with the body, a body larger than the whole budget runs alone, and
// one that cannot grow while another holds the budget is refused.
func TestPushBudgetChunked(t *testing.T) {
	h := newHarness(t)
	limit := int64(2 * minGrowth * pushMemoryPerByte)
	api := budgetAPI(t, h, limit, 20*time.Millisecond)
	big := daysBatch(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), 2000) // over 128 KiB
	if int64(len(big)) <= limit/pushMemoryPerByte {
		t.Fatalf("batch of %d bytes fits in the budget; make it larger", len(big))
	}
	w := httptest.NewRecorder()
	api.Push().ServeHTTP(w, pushRequest(io.MultiReader(strings.NewReader(big)), -1))
	if w.Code != http.StatusOK {
		t.Fatalf("chunked push larger than the budget, alone = %d %s, want 200", w.Code, w.Body)
	}
	if now, peak := api.budget.usage(); now != 0 || peak != limit {
		t.Errorf("budget after a lone large push: in use %d, peak %d; want 0 and %d", now, peak, limit)
	}

	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		api.Push().ServeHTTP(httptest.NewRecorder(), pushRequest(pr, minGrowth))
	}()
	if err := testpeer.Poll(5*time.Second, func() (bool, error) { now, _ := api.budget.usage(); return now > 0, nil }); err != nil {
		t.Fatalf("held push never reserved memory: %v", err)
	}
	w = httptest.NewRecorder()
	api.Push().ServeHTTP(w, pushRequest(strings.NewReader(big), -1))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("chunked push that cannot grow = %d %s, want 503 with Retry-After", w.Code, w.Body)
	}
	pw.CloseWithError(io.ErrUnexpectedEOF)
	<-done
	if now, _ := api.budget.usage(); now != 0 {
		t.Errorf("budget in use after every push was answered = %d, want 0", now)
	}
}

// TestPushBudgetConcurrent sends twelve large pushes at once through a real
// server with room for three: the memory reserved never exceeds the budget,
// every refusal is a 503 with Retry-After, and every accepted batch is
// stored whole.
func TestPushBudgetConcurrent(t *testing.T) {
	h := newHarness(t)
	const pushes, points = 12, 40
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	bodies := make([]string, pushes)
	for i := range bodies {
		bodies[i] = daysBatch(start.AddDate(0, 0, i*points), points)
	}
	limit := 3 * int64(len(bodies[0])+1) * pushMemoryPerByte
	api := budgetAPI(t, h, limit, 5*time.Millisecond)
	srv := httptest.NewServer(api.Push())
	defer srv.Close()

	codes := make([]int, pushes)
	var wg sync.WaitGroup
	for i, body := range bodies {
		wg.Go(func() {
			resp, err := http.Post(srv.URL, "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			msg, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
			if resp.StatusCode != http.StatusOK && (resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "") {
				t.Errorf("push %d = %d %s, want 200, or 503 with Retry-After", i, resp.StatusCode, msg)
			}
		})
	}
	wg.Wait()
	if now, peak := api.budget.usage(); now != 0 || peak > limit {
		t.Errorf("budget: in use %d after the pushes, peak %d; want 0 and at most %d", now, peak, limit)
	}
	var accepted uint64
	for _, c := range codes {
		if c == http.StatusOK {
			accepted++
		}
	}
	if got := h.points(t); got != accepted*points {
		t.Errorf("stored points = %d, want %d (%d accepted pushes of %d)", got, accepted*points, accepted, points)
	}
}

// BenchmarkPushBudget is what the budget adds to a small push: one
// reservation and its release, without contention.
func BenchmarkPushBudget(b *testing.B) {
	budget := newMemoryBudget(DefaultPushMemory, DefaultPushWait, nil)
	ctx := context.Background()
	for b.Loop() {
		n, err := budget.acquire(ctx, 200*pushMemoryPerByte)
		if err != nil {
			b.Fatal(err)
		}
		budget.release(n)
	}
}
