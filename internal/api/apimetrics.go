package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type apiMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newAPIMetrics(reg prometheus.Registerer) *apiMetrics {
	m := &apiMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "jalon_http_request_duration_seconds",
			Help:    "HTTP request durations by route.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10),
		}, []string{"route"}),
	}
	if reg != nil {
		reg.MustRegister(m.requests, m.duration)
	}
	return m
}

// Instrument wraps a handler with request metrics under a route name, the
// pattern it is mounted on (never the raw path, which would explode the
// label's cardinality), and logs a failure the handler noted (noteFailure).
func (a *API) Instrument(route string, h http.Handler) http.Handler {
	dur := a.metrics.duration.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		dur.Observe(time.Since(start).Seconds())
		a.metrics.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		if sw.failure != nil {
			a.logger.Error("answer request", "route", route, "code", sw.code, "err", sw.failure)
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	code    int
	failure error
}

func (s *statusWriter) noteFailure(err error) { s.failure = err }

func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
