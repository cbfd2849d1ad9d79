package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// options is the command line.
type options struct {
	write, read string // base URLs of the two replicas
	indicator   string
	label, site string
	via         string // "series" or "metrics"
	points      int
	interval    time.Duration
	timeout     time.Duration
	start       time.Time
	token       string // JALON_TOKEN, as jalonctl reads it
}

func parseOptions(args []string, now time.Time, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("replicadelay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.write, "write", "", "Base URL of the replica the points are pushed to, e.g. http://127.0.0.1:9721.")
	fs.StringVar(&o.read, "read", "", "Base URL of the replica whose series API is read.")
	fs.StringVar(&o.indicator, "indicator", "bench_level", "Indicator id of the points.")
	fs.StringVar(&o.label, "label", "site", "Label of the one series written.")
	fs.StringVar(&o.site, "site", "r000001", "Value of -label.")
	fs.StringVar(&o.via, "via", "series", `What is read: "series", the series API (the store); "metrics", /metrics (the evaluation).`)
	fs.IntVar(&o.points, "points", 100, "Points pushed, one at a time.")
	fs.DurationVar(&o.interval, "interval", time.Millisecond, "Pause between two reads of the same point.")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "How long a point may take to show before the run fails.")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.write == "" || o.read == "":
		return o, fmt.Errorf("-write and -read are required: the base URLs of two replicas on one etcd prefix")
	case o.via != "series" && o.via != "metrics":
		return o, fmt.Errorf(`-via %q: want "series" or "metrics"`, o.via)
	case o.points <= 0 || o.interval < 0 || o.timeout <= 0:
		return o, fmt.Errorf("-points and -timeout must be positive, -interval not negative")
	}
	o.write, o.read = strings.TrimSuffix(o.write, "/"), strings.TrimSuffix(o.read, "/")
	o.token = os.Getenv("JALON_TOKEN")
	// Point i is dated i ms after a day ago: within the push API's window,
	// and new even when the series holds the points of an earlier run.
	o.start = now.UTC().Add(-24 * time.Hour).Truncate(time.Millisecond)
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, time.Now(), stderr)
	if err != nil {
		return err
	}
	c := &http.Client{Timeout: 30 * time.Second}
	var delays, reads []time.Duration
	first := 0
	began := time.Now()
	for i := range o.points {
		t := o.start.Add(time.Duration(i) * time.Millisecond)
		if err := push(ctx, c, o, t, i); err != nil {
			return fmt.Errorf("point %d: push to %s: %w", i, o.write, err)
		}
		acked := time.Now()
		for n := 1; ; n++ {
			r0 := time.Now()
			ok, err := shows(ctx, c, o, t, i)
			if err != nil {
				return fmt.Errorf("point %d: read %s: %w", i, o.read, err)
			}
			if ok {
				end := time.Now()
				delays, reads = append(delays, end.Sub(acked)), append(reads, end.Sub(r0))
				if n == 1 {
					first++
				}
				break
			}
			if time.Since(acked) > o.timeout {
				return fmt.Errorf("point %d (%s) acknowledged by %s is still missing on %s after %s", i, t.Format(time.RFC3339Nano), o.write, o.read, o.timeout)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(o.interval):
			}
		}
	}
	_, err = fmt.Fprintf(stdout, "points=%d median_ms=%s p99_ms=%s max_ms=%s first_read=%d read_ms=%s seconds=%.3f\n",
		len(delays), ms(quantile(delays, 0.5)), ms(quantile(delays, 0.99)), ms(quantile(delays, 1)), first,
		ms(quantile(reads, 0.5)), time.Since(began).Seconds())
	return err
}

// push sends point i, dated t, and wants it answered as one new point: an
// acknowledged write.
func push(ctx context.Context, c *http.Client, o options, t time.Time, i int) error {
	body, err := json.Marshal(map[string]any{"measurements": []map[string]any{{
		"indicator": o.indicator, "labels": map[string]string{o.label: o.site},
		"time": t.Format(time.RFC3339Nano), "value": i, "source": "replicadelay"}}})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.write+"/api/v1/measurements", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := do(c, req, o)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var res struct{ New int }
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &res) != nil || res.New != 1 {
		return fmt.Errorf("answered %s: %s; want 200 and one new point", resp.Status, bytes.TrimSpace(data))
	}
	return nil
}

// shows reports whether o.read shows point i, at t: listed by the series
// API, or, through /metrics, as the series' latest value.
func shows(ctx context.Context, c *http.Client, o options, t time.Time, i int) (bool, error) {
	q := url.Values{"labels": {o.label + "=" + o.site}, "from": {t.Format(time.RFC3339Nano)}}
	u := o.read + "/api/v1/indicators/" + url.PathEscape(o.indicator) + "/series?" + q.Encode()
	if o.via == "metrics" {
		u = o.read + "/metrics"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false, err
	}
	resp, err := do(c, req, o)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return false, err
	}
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("answered %s: %s", resp.Status, bytes.TrimSpace(data))
	}
	if o.via == "metrics" {
		return exposesLatest(data, o, float64(i)), nil
	}
	return listsPoint(data, t)
}

// do sends req with the bearer token, if any: a deployment with tokens
// wants a write token for the pushes and a read token for the reads.
func do(c *http.Client, req *http.Request, o options) (*http.Response, error) {
	if o.token != "" {
		req.Header.Set("Authorization", "Bearer "+o.token)
	}
	return c.Do(req)
}
