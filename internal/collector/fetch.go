package collector

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"
)

// maxBackoff caps the wait between two attempts.
const maxBackoff = time.Minute

// validators are what a conditional request sends back to the server: the
// ETag and Last-Modified of the last body read in full and written.
type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// transientError is a fault that another attempt may not meet: a timeout,
// a refused or cut connection, a 5xx or 429 status.
type transientError struct{ err error }

func (e transientError) Error() string { return e.err.Error() }
func (e transientError) Unwrap() error { return e.err }

func isTransient(err error) bool {
	var t transientError
	return errors.As(err, &t)
}

// fetcher gets URLs for one puller: per-attempt timeout, headers resolved
// from their references, retries with exponential backoff and jitter.
type fetcher struct {
	client  *http.Client
	timeout time.Duration
	retries int
	backoff time.Duration
	headers func() (http.Header, error)
	logger  *slog.Logger
}

// retry runs attempt until it succeeds, fails for good, or has been tried
// 1 + retries times. Each attempt gets its own timeout.
func (f *fetcher) retry(ctx context.Context, attempt func(ctx context.Context) error) error {
	for n := 0; ; n++ {
		actx, cancel := context.WithTimeout(ctx, f.timeout)
		err := attempt(actx)
		cancel()
		if err == nil || !isTransient(err) || ctx.Err() != nil {
			return err
		}
		if n == f.retries {
			if n == 0 {
				return err
			}
			return fmt.Errorf("%d attempts: %w", n+1, err)
		}
		wait := f.delay(n)
		f.logger.Warn("retrying", "err", err, "attempt", n+1, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// delay is the wait after attempt n (from 0): backoff doubled n times, up
// to maxBackoff, less a random part of up to half so that pullers failing
// together do not retry together.
func (f *fetcher) delay(n int) time.Duration {
	d := f.backoff << min(n, 20)
	if d <= 0 || d > maxBackoff {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// get fetches rawURL and hands the decoded body to read. With cond set,
// an unchanged body (304 Not Modified) is not read and notModified is
// true. read's error is final, unless it comes from reading the body.
func (f *fetcher) get(ctx context.Context, rawURL string, cond validators, read func(io.Reader) error) (v validators, notModified bool, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return v, false, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	if u.Scheme == "file" {
		return readFile(ctx, u.Path, cond, read)
	}
	err = f.retry(ctx, func(ctx context.Context) error {
		v, notModified, err = f.attempt(ctx, u, cond, read)
		return err
	})
	return v, notModified, err
}

func (f *fetcher) attempt(ctx context.Context, u *url.URL, cond validators, read func(io.Reader) error) (validators, bool, error) {
	where := u.Redacted()
	req, err := f.request(ctx, u, cond)
	if err != nil {
		return cond, false, fmt.Errorf("fetch %s: %w", where, err)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		var ue *url.Error // it would repeat the URL
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return cond, false, transientError{fmt.Errorf("fetch %s: %w", where, err)}
	}
	defer resp.Body.Close()
	switch code := resp.StatusCode; {
	case code == http.StatusNotModified && (cond != validators{}):
		return cond, true, nil
	case code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout:
		return cond, false, transientError{fmt.Errorf("fetch %s: %s", where, resp.Status)}
	case code/100 != 2:
		return cond, false, fmt.Errorf("fetch %s: %s", where, resp.Status)
	}
	body := &sourceReader{ctx: ctx, r: resp.Body}
	if err := decodeAndRead(body, read); err != nil {
		if body.err != nil {
			return cond, false, transientError{fmt.Errorf("fetch %s: read body: %w", where, body.err)}
		}
		return cond, false, fmt.Errorf("read %s: %w", where, err)
	}
	return validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}, false, nil
}

func (f *fetcher) request(ctx context.Context, u *url.URL, cond validators) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	h, err := f.headers()
	if err != nil {
		return nil, err
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	return req, nil
}

// decodeAndRead gunzips and strips the BOM of body before read sees it.
func decodeAndRead(body io.Reader, read func(io.Reader) error) error {
	text, err := decodeBody(body)
	if err != nil {
		return err
	}
	return read(text)
}
