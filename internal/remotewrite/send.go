package remotewrite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/klauspost/compress/snappy"
)

// Run sends queued points until ctx ends, one batch at a time, and returns
// nil then. Points still queued are not sent; their number is logged.
func (s *Sender) Run(ctx context.Context) error {
	s.log.Info("remote write started", "component", "remotewrite", "url", s.cfg.URL)
	for {
		select {
		case <-ctx.Done():
			if n := s.queueLength(); n > 0 {
				s.log.Warn("remote write stopped with points queued", "component", "remotewrite", "queued", n)
			}
			return nil
		case <-s.wake:
		}
		for batch := s.take(); len(batch) > 0 && ctx.Err() == nil; batch = s.take() {
			s.send(ctx, batch)
		}
	}
}

// errPermanent marks an answer that sending again cannot change: a 4xx
// other than 429. errSplit marks one that may be about some samples only:
// 400 (a sample the receiver cannot append) or 413 (too large).
var (
	errPermanent = errors.New("refused")
	errSplit     = fmt.Errorf("some samples %w", errPermanent)
)

// send delivers batch, trying again after a network error, a 5xx or a 429,
// with exponential backoff, until ctx ends. A receiver refuses a whole
// request (400) for one sample it cannot append (a revision, which
// Prometheus cannot store at an existing timestamp; a sample older than its
// out-of-order window), so such a batch is split in halves until the
// refused samples are alone: only they are lost. Other refusals (401, 403,
// 404: a configuration to fix) lose the batch.
func (s *Sender) send(ctx context.Context, batch []sample) {
	wait := s.opts.MinBackoff
	for {
		err := s.post(ctx, batch)
		switch {
		case err == nil:
			s.metrics.samples.WithLabelValues("sent").Add(float64(len(batch)))
			return
		case errors.Is(err, errSplit) && len(batch) > 1:
			s.send(ctx, batch[:len(batch)/2])
			s.send(ctx, batch[len(batch)/2:])
			return
		case errors.Is(err, errPermanent):
			s.metrics.samples.WithLabelValues("rejected").Add(float64(len(batch)))
			s.log.Warn("remote write refused", "component", "remotewrite", "err", err, "samples", len(batch))
			return
		case ctx.Err() != nil:
			return
		}
		s.metrics.retries.Inc()
		s.log.Warn("remote write failed, retrying", "component", "remotewrite", "err", err, "duration", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, s.opts.MaxBackoff)
	}
}

// post sends one request.
func (s *Sender) post(ctx context.Context, batch []sample) error {
	body := snappy.Encode(nil, encodeWriteRequest(batch))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %v", errPermanent, err)
	}
	for name, vs := range s.headers {
		req.Header[name] = vs
	}
	req.Header.Set("Content-Encoding", "snappy")
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("User-Agent", "jalon")
	req.Header.Set("X-Prometheus-Remote-Write-Version", "0.1.0")
	if s.cfg.Username != "" {
		req.SetBasicAuth(s.cfg.Username, string(s.cfg.Password))
	}
	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("post %d samples to %s: %w", len(batch), s.cfg.URL, err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	s.metrics.requests.WithLabelValues(strconv.Itoa(resp.StatusCode)).Inc()
	s.metrics.duration.Observe(time.Since(start).Seconds())
	switch code := resp.StatusCode; {
	case code/100 == 2:
		return nil
	case code == http.StatusBadRequest || code == http.StatusRequestEntityTooLarge:
		return fmt.Errorf("post %d samples to %s: %s: %s: %w", len(batch), s.cfg.URL, resp.Status, bytes.TrimSpace(msg), errSplit)
	case code/100 == 4 && code != http.StatusTooManyRequests:
		return fmt.Errorf("post %d samples to %s: %s: %s: %w", len(batch), s.cfg.URL, resp.Status, bytes.TrimSpace(msg), errPermanent)
	}
	return fmt.Errorf("post %d samples to %s: %s: %s", len(batch), s.cfg.URL, resp.Status, bytes.TrimSpace(msg))
}
