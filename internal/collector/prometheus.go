package collector

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/internal/config"
)

// promSource runs a PromQL instant query: each series of the answer is a
// point of the puller's indicator at the query's time, its labels taken
// from the series' labels.
type promSource struct {
	cfg    *config.Puller
	client *http.Client
	fetch  *fetcher
}

func (s *promSource) pull(ctx context.Context, r *run) error {
	h, err := s.fetch.headers()
	if err != nil {
		return fmt.Errorf("query %s: %w", s.cfg.URL, err)
	}
	c, err := api.NewClient(api.Config{Address: s.cfg.URL, Client: &http.Client{Transport: headerTransport{h, s.client.Transport}}})
	if err != nil {
		return fmt.Errorf("query %s: %w", s.cfg.URL, err)
	}
	var val model.Value
	err = s.fetch.retry(ctx, func(ctx context.Context) error {
		v, _, _, err := v1.NewAPI(c).Query(ctx, s.cfg.Prometheus.Query, r.now, v1.WithTimeout(s.cfg.Timeout))
		val = v
		return promError(s.cfg.URL, err)
	})
	if err != nil {
		return err
	}
	r.acc = newAccumulator("")
	at := r.now.Truncate(time.Second).UTC()
	switch v := val.(type) {
	case model.Vector:
		for _, smp := range v {
			if err := s.sample(smp.Metric, float64(smp.Value), at, r.acc); err != nil {
				if !s.cfg.SkipInvalidRows {
					return err
				}
				r.acc.skip(err.Error())
			}
		}
	case *model.Scalar:
		return s.sample(model.Metric{}, float64(v.Value), at, r.acc)
	default:
		return fmt.Errorf("query %s: the answer is a %s, want a vector or a scalar", s.cfg.URL, val.Type())
	}
	return nil
}

// sample adds the point of one series, at the time of the query.
func (s *promSource) sample(m model.Metric, v float64, at time.Time, acc *accumulator) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		acc.noValue++
		return nil
	}
	p := &point{where: "series " + m.String(), indicator: s.cfg.Indicator, value: v, time: at}
	if len(s.cfg.Prometheus.Labels) > 0 {
		p.labels = map[string]string{}
	}
	for _, label := range slices.Sorted(maps.Keys(s.cfg.Prometheus.Labels)) {
		from := s.cfg.Prometheus.Labels[label]
		lv, ok := m[model.LabelName(from)]
		if !ok || lv == "" {
			return fmt.Errorf("%s: labels.%s: the series has no label %q", p.where, label, from)
		}
		p.labels[label] = string(lv)
	}
	key := []byte(p.identity())
	if first := acc.find(key); first != nil {
		return fmt.Errorf("%s: same point as %s: aggregate in the query, such as sum by (%s) (...)", p.where, first.where,
			strings.Join(slices.Sorted(maps.Values(s.cfg.Prometheus.Labels)), ", "))
	}
	acc.add(key, p)
	return nil
}

// promError marks the faults worth another attempt: the server's, timeouts
// and the network's, not a bad query.
func promError(url string, err error) error {
	if err == nil {
		return nil
	}
	err = fmt.Errorf("query %s: %w", url, err)
	var apiErr *v1.Error
	if errors.As(err, &apiErr) && (apiErr.Type == v1.ErrBadData || apiErr.Type == v1.ErrExec || apiErr.Type == v1.ErrClient) {
		return err
	}
	return transientError{err}
}

// headerTransport adds the puller's headers to each request.
type headerTransport struct {
	h    http.Header
	next http.RoundTripper
}

func (t headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, vs := range t.h {
		if !strings.EqualFold(k, "Content-Type") {
			req.Header[k] = vs
		}
	}
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}
