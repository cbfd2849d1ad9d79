package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/wire"
)

// TestPushBeyondValueLimits pushes the values of issue 10, finding 1: each
// made a derived figure infinite and blanked the read routes for everyone.
// They are refused with the limit, and every route stays well-formed.
func TestPushBeyondValueLimits(t *testing.T) {
	h := newValuesHarness(t)
	tests := []struct{ body, want string }{
		{`{"indicator":"mes_documents_fed_per_year","time":"2026-11-30","value":1.5e307}`,
			"item 0: value: value 1.5e+307 is above 1e+15, the largest value Jalon evaluates, unit per_year: check the figure and its unit"},
		{`{"indicator":"ce_marking_delay_change","time":"2026-11-30","value":-1e308}`,
			"item 0: value: value -1e+308 is below -1e+15, the smallest value Jalon evaluates, unit months: check the figure and its unit"},
	}
	for _, tt := range tests {
		w := h.serve("POST", "/api/v1/measurements", "application/json", item(tt.body))
		got := decodeBody[wire.Error](t, w)
		if w.Code != http.StatusBadRequest || !slices.Contains(got.Details, tt.want) {
			t.Errorf("push %s = %d %+v, want 400 with %q", tt.body, w.Code, got, tt.want)
		}
	}
	if n := h.points(t); n != 0 {
		t.Errorf("%d points stored, want 0", n)
	}
	h.refresh(t)
	h.checkReadRoutes(t, []seriesRef{{indicator: "mes_documents_fed_per_year"}, {indicator: "ce_marking_delay_change"}})
}

// TestReadRoutesSurviveInfiniteFigures writes straight to the store what a
// store filled before the value limits may hold: counts whose trailing
// rate is +Inf. No route may blank: JSON carries the infinite figures as
// null, /metrics as +Inf.
func TestReadRoutesSurviveInfiniteFigures(t *testing.T) {
	h := newValuesHarness(t)
	ms := []indicators.Measurement{
		{Indicator: "mes_documents_fed_per_year", Time: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), Value: 1.5e308},
		{Indicator: "mes_documents_fed_per_year", Time: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Value: 1.5e308},
		{Indicator: "ce_marking_delay_change", Time: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), Value: -1e308},
		{Indicator: "ce_marking_delay_change", Time: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Value: 1e308},
	}
	if _, err := h.store.Write(context.Background(), ms, "test"); err != nil {
		t.Fatal(err)
	}
	h.eval.Touch(ms)
	h.refresh(t)
	if r := h.eval.Snapshot().Of("mes_documents_fed_per_year"); len(r) != 1 || r[0].Eval.Latest == nil || !math.IsInf(r[0].Eval.Latest.Value, 1) {
		t.Fatalf("evaluation = %+v, want an infinite trailing rate (the test no longer reaches what it guards)", r)
	}
	h.checkReadRoutes(t, []seriesRef{{indicator: "mes_documents_fed_per_year"}, {indicator: "ce_marking_delay_change"}})
	w := h.serve("GET", "/api/v1/indicators/mes_documents_fed_per_year", "", "")
	if !strings.Contains(w.Body.String(), `"latest":{"time":"2026-11-30T00:00:00Z","value":null}`) {
		t.Errorf("GET indicator = %.500s, want the infinite latest value as null", w.Body)
	}
}

// valueRange is the range of values the API accepts for ind (ValidateValue).
func valueRange(ind *indicators.Indicator) (lo, hi float64) {
	lo, hi = 0, indicators.MaxMagnitude
	switch {
	case ind.Kind == indicators.KindMilestone || ind.Unit == "ratio":
		hi = 1
	case ind.Unit == "percent":
		hi = 100
	case ind.Direction == indicators.Decrease && slices.Contains([]string{"months", "days", "euros"}, ind.Unit):
		lo = -indicators.MaxMagnitude
	}
	return lo, hi
}

// edgeValue draws a value in [lo, hi], most often at a bound, one float
// step inside it, or nearest zero.
func edgeValue(r *rand.Rand, lo, hi float64) float64 {
	switch r.Intn(6) {
	case 0:
		return lo
	case 1:
		return hi
	case 2:
		return math.Nextafter(hi, lo)
	case 3:
		return math.Nextafter(lo, hi)
	case 4:
		return math.Min(math.Max(math.Copysign(math.Pow(10, r.Float64()*30-15), hi+lo-2*r.Float64()*hi), lo), hi)
	}
	return lo + r.Float64()*(hi-lo)
}

// codes are INSEE codes a region or department label may take.
var codes = map[string][]string{"region": {"84", "11", "93"}, "department": {"69", "75", "2A"}}

// randomBatch draws 1 to 8 measurements of random indicators of the
// catalog, at times from 1990 to the limit of the future, with values at
// the edges of what the API accepts, and labels where the indicator has
// dimensions; it returns the JSON batch and the series it touches.
func randomBatch(r *rand.Rand, inds []*indicators.Indicator) (string, []seriesRef) {
	var items []string
	var refs []seriesRef
	span := valuesNow.Add(ingest.MaxFuture).Sub(ingest.MinTime)
	for range 1 + r.Intn(8) {
		ind := inds[r.Intn(len(inds))]
		ref := seriesRef{indicator: ind.ID, labels: map[string]string{}}
		for _, d := range ind.Dimensions {
			if r.Intn(2) == 0 {
				ref.labels[d] = codes[d][r.Intn(len(codes[d]))]
			}
		}
		at := ingest.MinTime.Add(time.Duration(r.Int63n(int64(span)))).Truncate(time.Second)
		lo, hi := valueRange(ind)
		labels, _ := json.Marshal(ref.labels)
		items = append(items, fmt.Sprintf(`{"indicator":%q,"labels":%s,"time":%q,"value":%s}`,
			ind.ID, labels, at.Format(time.RFC3339), strconv.FormatFloat(edgeValue(r, lo, hi), 'g', -1, 64)))
		refs = append(refs, ref)
	}
	return item(strings.Join(items, ",")), refs
}

// TestReadRoutesWellFormedForAcceptedBatches is the property of issue 10:
// for any batch the API accepts, every read route answers a well-formed,
// non-empty body. Batches accumulate in one store, so that extreme values
// meet in trailing sums and fits.
func TestReadRoutesWellFormedForAcceptedBatches(t *testing.T) {
	h := newValuesHarness(t)
	var inds []*indicators.Indicator
	for _, ind := range h.eval.Catalog().IndicatorsByID() {
		inds = append(inds, ind)
	}
	slices.SortFunc(inds, func(a, b *indicators.Indicator) int { return strings.Compare(a.ID, b.ID) })
	r := rand.New(rand.NewSource(10))
	for i := range 50 {
		body, refs := randomBatch(r, inds)
		if w := h.serve("POST", "/api/v1/measurements", "application/json", body); w.Code != http.StatusOK {
			t.Fatalf("batch %d: push %s = %d %s, want it accepted", i, body, w.Code, w.Body)
		}
		h.refresh(t)
		h.checkReadRoutes(t, refs)
		if t.Failed() {
			t.Fatalf("batch %d: %s", i, body)
		}
	}
}

// TestPutTargetsBeyondValueLimits edits targets outside the range Jalon
// evaluates: refused with the limit, as a push of the same value is.
func TestPutTargetsBeyondValueLimits(t *testing.T) {
	tests := []struct{ id, body, want string }{
		{ind11, `{"reason":"r","milestones":[{"value":250e6,"deadline":"2023-12-31"},{"value":1e300,"deadline":"2026-12-31"}]}`,
			"milestones[1].value: value 1e+300 is above 1e+15, the largest value Jalon evaluates, unit per_year: check the figure and its unit"},
		{"ce_marking_delay_change", `{"reason":"r","milestones":[{"value":-5e-324,"deadline":"2026-12-31"}]}`,
			"milestones[0].value: value -5e-324 is closer to zero than 1e-09, the smallest target Jalon evaluates: write 0 or a value of at least 1e-09"},
	}
	for _, tt := range tests {
		h := newHarness(t)
		w := h.put(t, tt.id, tt.body)
		if got := decodeBody[wire.Error](t, w); w.Code != http.StatusBadRequest || !slices.Contains(got.Details, tt.want) {
			t.Errorf("PUT %s %s = %d %q, want 400 with %q", tt.id, tt.body, w.Code, got.Details, tt.want)
		}
	}
}

func TestWriteStoreError(t *testing.T) {
	w := httptest.NewRecorder()
	writeStoreError(w, errors.New("apply write-ahead log: no space left on device"))
	got := decodeBody[wire.Error](t, w)
	want := "store unavailable: apply write-ahead log: no space left on device; jalond's log says why (a full disk, a damaged file): fix that, then retry"
	if w.Code != http.StatusServiceUnavailable || got.Error != want {
		t.Errorf("writeStoreError = %d %q, want 503 %q", w.Code, got.Error, want)
	}
}
