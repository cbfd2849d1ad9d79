package main

import (
	"testing"
	"time"
)

func TestQuantileNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- { // out of order on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := quantile(ds, c.q); got != c.want {
			t.Errorf("quantile(1..100 ms, %v) = %v, want %v", c.q, got, c.want)
		}
	}
	if got := quantile([]time.Duration{7}, 0.99); got != 7 {
		t.Errorf("quantile of one = %v, want it", got)
	}
	if got := quantile(nil, 0.5); got != 0 {
		t.Errorf("quantile of none = %v, want 0", got)
	}
}

func TestListsPoint(t *testing.T) {
	at := time.Date(2026, 12, 6, 1, 2, 3, 456e6, time.UTC)
	body := []byte(`{"indicator":"bench_level","series":[{"labels":{"site":"r000001"},"points":[` +
		`{"time":"2026-12-06T01:02:03.455Z","value":1},{"time":"2026-12-06T01:02:03.456Z","value":2}]}]}`)
	if ok, err := listsPoint(body, at); !ok || err != nil {
		t.Errorf("listsPoint(body with the point) = %v, %v; want true", ok, err)
	}
	if ok, err := listsPoint(body, at.Add(time.Millisecond)); ok || err != nil {
		t.Errorf("listsPoint(body without the point) = %v, %v; want false", ok, err)
	}
	if _, err := listsPoint([]byte(`{"series":[`), at); err == nil {
		t.Error("listsPoint(a body cut short) gave no error")
	}
}

func TestExposesLatest(t *testing.T) {
	o := options{indicator: "bench_level", label: "site", site: "r000001"}
	body := []byte(`# HELP jalon_indicator_value Latest measured value of the series.
# TYPE jalon_indicator_value gauge
jalon_indicator_value{indicator="bench_level",objective="90-1",site="r0000010"} 7
jalon_indicator_value{indicator="bench_level",objective="90-1",site="r000001"} 6
jalon_indicator_value_timestamp_seconds{indicator="bench_level",objective="90-1",site="r000001"} 7
`)
	if !exposesLatest(body, o, 6) {
		t.Error("exposesLatest(value 6, 6) = false")
	}
	if exposesLatest(body, o, 7) {
		t.Error("exposesLatest(value 6, 7) = true: another series' value, or another family's, was taken")
	}
}

func TestExposesLatestOtherFamily(t *testing.T) {
	o := options{indicator: "bench_level", label: "site", site: "r000001"}
	body := []byte(`jalon_indicator_planned_value{indicator="bench_level",objective="90-1",site="r000001"} 6
`)
	if exposesLatest(body, o, 6) {
		t.Error("exposesLatest took jalon_indicator_planned_value for the latest value")
	}
}
