package remotewrite

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/klauspost/compress/snappy"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
)

// decodeWriteRequest reads a WriteRequest as a receiver does, each sample
// as "{labels} value @ms".
func decodeWriteRequest(body []byte) ([]string, error) {
	var out []string
	err := fields(body, func(num protowire.Number, v []byte, _ uint64) error {
		if num != 1 {
			return nil
		}
		var ls, samples []string
		err := fields(v, func(num protowire.Number, v []byte, _ uint64) error {
			switch num {
			case 1:
				var nv [2]string
				err := fields(v, func(num protowire.Number, v []byte, _ uint64) error {
					nv[min(num, 2)-1] = string(v)
					return nil
				})
				ls = append(ls, nv[0]+"="+nv[1])
				return err
			case 2:
				var val float64
				var ms int64
				err := fields(v, func(num protowire.Number, _ []byte, n uint64) error {
					if num == 1 {
						val = math.Float64frombits(n)
					} else {
						ms = int64(n)
					}
					return nil
				})
				samples = append(samples, fmt.Sprintf("%g @%d", val, ms))
				return err
			}
			return nil
		})
		for _, s := range samples {
			out = append(out, "{"+strings.Join(ls, ",")+"} "+s)
		}
		return err
	})
	return out, err
}

// fields calls fn for each field of a message: bytes fields with their
// content, fixed64 and varint ones with their number.
func fields(b []byte, fn func(protowire.Number, []byte, uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(b)
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		default:
			return fmt.Errorf("unexpected wire type %v", typ)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		if err := fn(num, v, x); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// receiver is an in-memory remote-write peer, a RoundTripper, so that the
// tests run in a synctest bubble; answer decides each response.
type receiver struct {
	mu      sync.Mutex
	got     []string
	headers []http.Header
	answer  func(samples []string) int
}

func (rc *receiver) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	code := http.StatusNoContent
	data, err := snappy.Decode(nil, body)
	var samples []string
	if err == nil {
		samples, err = decodeWriteRequest(data)
	}
	switch {
	case err != nil:
		code = http.StatusBadRequest
	case rc.answer != nil:
		code = rc.answer(samples)
	}
	rc.mu.Lock()
	rc.headers = append(rc.headers, r.Header.Clone())
	if code/100 == 2 {
		rc.got = append(rc.got, samples...)
	}
	rc.mu.Unlock()
	return &http.Response{StatusCode: code, Status: http.StatusText(code), Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
}

func (rc *receiver) samples() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Sorted(slices.Values(rc.got))
}

func meas(ind string, day int, v float64, labels ...string) indicators.Measurement {
	var ls indicators.Labels
	for i := 0; i+1 < len(labels); i += 2 {
		ls = append(ls, indicators.Label{Name: labels[i], Value: labels[i+1]})
	}
	return indicators.Measurement{Indicator: ind, Labels: ls, Time: time.Date(2025, 1, day, 0, 0, 0, 0, time.UTC), Value: v}
}

func objectiveOf(id string) string { return map[string]string{"docs": "1-1", "share": "2-1"}[id] }

// run runs a sender against rc, in the caller's synctest bubble, and lets
// it work until every goroutine waits: its retries' backoff runs on the
// bubble's clock.
func run(t *testing.T, rc *receiver, cfg config.RemoteWrite, send func(s *Sender)) *Sender {
	t.Helper()
	cfg.URL = "http://receiver.test/api/v1/write"
	s, err := New(Options{Config: cfg, Registerer: prometheus.NewRegistry(), Transport: rc,
		Getenv: func(k string) string { return map[string]string{"ORG": "roadmap"}[k] }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	send(s)
	time.Sleep(time.Hour) // on the bubble's clock: every backoff has run out
	synctest.Wait()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v", err)
	}
	return s
}

func TestSendLabelsAndHeaders(t *testing.T) { synctest.Test(t, testSendLabelsAndHeaders) }

func testSendLabelsAndHeaders(t *testing.T) {
	rc := &receiver{}
	cfg := config.RemoteWrite{Headers: map[string]string{"X-Scope-OrgID": "${ORG}"}, Username: "jalon", Password: "pw"}
	s := run(t, rc, cfg, func(s *Sender) {
		s.Enqueue([]indicators.Measurement{meas("docs", 31, 2.5e7), meas("share", 15, 41.5, "region", "84"), meas("docs", 1, 2.4e7)}, objectiveOf)
	})
	want := []string{
		"{__name__=jalon_indicator_value,indicator=docs,objective=1-1} 2.4e+07 @1735689600000",
		"{__name__=jalon_indicator_value,indicator=docs,objective=1-1} 2.5e+07 @1738281600000",
		"{__name__=jalon_indicator_value,indicator=share,objective=2-1,region=84} 41.5 @1736899200000",
	}
	if got := rc.samples(); !slices.Equal(got, want) {
		t.Errorf("received\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	h := rc.headers[0]
	if h.Get("Content-Encoding") != "snappy" || h.Get("X-Prometheus-Remote-Write-Version") != "0.1.0" || h.Get("X-Scope-Orgid") != "roadmap" {
		t.Errorf("request headers = %v, want snappy, version 0.1.0 and the header from the environment", h)
	}
	if u, p, ok := (&http.Request{Header: h}).BasicAuth(); !ok || u != "jalon" || p != "pw" {
		t.Errorf("basic auth = %q %q %v, want jalon pw", u, p, ok)
	}
	if got := testutil.ToFloat64(s.metrics.samples.WithLabelValues("sent")); got != 3 {
		t.Errorf("jalon_remote_write_samples_total{result=sent} = %g, want 3", got)
	}
}

func TestSendRetriesAndIsolatesRefusedSamples(t *testing.T) {
	synctest.Test(t, testSendRetriesAndIsolatesRefusedSamples)
}

func testSendRetriesAndIsolatesRefusedSamples(t *testing.T) {
	calls := 0
	rc := &receiver{answer: func(samples []string) int {
		calls++ // one request at a time: the sender sends batch after batch
		switch {
		case calls <= 2:
			return http.StatusServiceUnavailable
		case slices.ContainsFunc(samples, func(s string) bool { return strings.Contains(s, " 666 ") }):
			return http.StatusBadRequest // as Prometheus for a revised sample
		}
		return http.StatusNoContent
	}}
	var ms []indicators.Measurement
	for d := 1; d <= 10; d++ {
		v := float64(d)
		if d == 7 {
			v = 666
		}
		ms = append(ms, meas("docs", d, v))
	}
	s := run(t, rc, config.RemoteWrite{}, func(s *Sender) { s.Enqueue(ms, objectiveOf) })
	rejected := s.metrics.samples.WithLabelValues("rejected")
	if got := len(rc.samples()); got != 9 || testutil.ToFloat64(rejected) != 1 {
		t.Errorf("received %d samples, rejected %g; want 9 and the refused one alone", got, testutil.ToFloat64(rejected))
	}
	if got := testutil.ToFloat64(s.metrics.retries); got != 2 {
		t.Errorf("jalon_remote_write_retries_total = %g, want 2 (two 503)", got)
	}
}

func TestEnqueueBounded(t *testing.T) {
	s, err := New(Options{Config: config.RemoteWrite{URL: "http://127.0.0.1:1/write", QueueSize: 3}})
	if err != nil {
		t.Fatal(err)
	}
	s.Enqueue([]indicators.Measurement{meas("docs", 1, 1), meas("docs", 2, 2)}, objectiveOf)
	s.Enqueue([]indicators.Measurement{meas("docs", 3, 3), meas("docs", 4, 4)}, objectiveOf)
	if got, dropped := s.queueLength(), testutil.ToFloat64(s.metrics.samples.WithLabelValues("dropped")); got != 3 || dropped != 1 {
		t.Errorf("queue = %g, dropped %g; want 3 and 1", got, dropped)
	}
	if _, err := New(Options{Config: config.RemoteWrite{URL: "http://x/write", Headers: map[string]string{"Authorization": "Bearer ${NOPE}"}},
		Getenv: func(string) string { return "" }}); err == nil || !strings.Contains(err.Error(), "NOPE is not set") {
		t.Errorf("New(header from an unset variable) = %v, want an error naming it", err)
	}
}
