package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// result is the push API's answer.
type result struct {
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
}

func (r result) sum() int { return r.New + r.Revised + r.Unchanged }

type client struct {
	http *http.Client
	url  string
}

func newClient(o options) *client {
	tr := &http.Transport{MaxIdleConnsPerHost: o.concurrency, DisableCompression: true}
	return &client{http: &http.Client{Transport: tr, Timeout: 2 * time.Minute},
		url: strings.TrimSuffix(o.url, "/") + "/api/v1/measurements"}
}

// push sends every batch of d with o.concurrency requests in flight, the
// bodies taken from pre when it is not nil, and adds up the answers. It
// stops at the first failure.
func (c *client) push(ctx context.Context, d dataset, pre [][]byte) (result, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range d.batches() {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var mu sync.Mutex
	var tot result
	var wg sync.WaitGroup
	for range d.o.concurrency {
		wg.Go(func() {
			var buf []byte
			for i := range next {
				var b []byte
				if pre != nil {
					b = pre[i]
				} else {
					buf = d.body(buf[:0], i)
					b = buf
				}
				res, err := c.send(ctx, b)
				if err == nil && res.sum() != d.size(i) {
					err = fmt.Errorf("answer counts %d points, batch has %d", res.sum(), d.size(i))
				}
				if err != nil {
					cancel(fmt.Errorf("batch %d: %w", i, err))
					return
				}
				mu.Lock()
				tot.New, tot.Revised, tot.Unchanged = tot.New+res.New, tot.Revised+res.Revised, tot.Unchanged+res.Unchanged
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return tot, err
	}
	return tot, nil
}

func (c *client) send(ctx context.Context, body []byte) (result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return result{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	msg, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return result{}, fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return result{}, fmt.Errorf("status %s: %s", resp.Status, bytes.TrimSpace(msg[:min(len(msg), 500)]))
	}
	var res result
	if err := json.Unmarshal(msg, &res); err != nil {
		return result{}, fmt.Errorf("decode answer %q: %w", msg, err)
	}
	return res, nil
}
