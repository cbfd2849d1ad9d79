package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"
)

// options is the command line.
type options struct {
	url         string
	indicator   string
	label       string
	series      int
	firstSeries int
	points      int
	batch       int
	concurrency int
	start       time.Time
	step        time.Duration
	values      string
	plan        plan
	pregenerate bool
	timeout     time.Duration
}

func parseOptions(args []string, now time.Time, stderr io.Writer) (options, error) {
	var o options
	var start, planText string
	fs := flag.NewFlagSet("bulkload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:9721", "Base URL of jalond.")
	fs.StringVar(&o.indicator, "indicator", "bench_level", "Indicator id of every measurement.")
	fs.StringVar(&o.label, "label", "site", "Name of the label that tells the series apart.")
	fs.IntVar(&o.series, "series", 1000, "Number of series.")
	fs.IntVar(&o.firstSeries, "first-series", 1, "Number of the first series (site=s000001 for 1).")
	fs.IntVar(&o.points, "points", 1000, "Points per series.")
	fs.IntVar(&o.batch, "batch", 10000, "Points per request.")
	fs.IntVar(&o.concurrency, "concurrency", 4, "Requests in flight.")
	fs.StringVar(&start, "start", "", "Time of each series' first point (RFC 3339); empty: the last point falls on today, 00:00 UTC.")
	fs.DurationVar(&o.step, "step", 24*time.Hour, "Time between two points of a series.")
	fs.StringVar(&o.values, "values", "plan", `"plan": values within 1 % of -plan, so that series are on track; "ramp": 100, 200, 300… far behind it.`)
	fs.StringVar(&planText, "plan", "2023-01-01=0,2027-12-31=1000000", "The straight line of the indicator's plan, as in bench/catalog.toml: DATE=VALUE,DATE=VALUE.")
	fs.BoolVar(&o.pregenerate, "pregenerate", true, "Build every request body before the clock starts; false builds them on the fly, for data sets too large to hold in memory.")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "Bound on the whole load.")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.series <= 0 || o.points <= 0 || o.batch <= 0 || o.concurrency <= 0 || o.step <= 0 {
		return o, fmt.Errorf("-series, -points, -batch, -concurrency and -step must be positive")
	}
	if o.values != "plan" && o.values != "ramp" {
		return o, fmt.Errorf(`-values %q: want "plan" or "ramp"`, o.values)
	}
	var err error
	if o.plan, err = parsePlan(planText); err != nil {
		return o, fmt.Errorf("-plan %q: %w", planText, err)
	}
	o.start = now.UTC().Truncate(24 * time.Hour).Add(-time.Duration(o.points-1) * o.step)
	if start != "" {
		if o.start, err = time.Parse(time.RFC3339, start); err != nil {
			return o, fmt.Errorf("-start %q: %w", start, err)
		}
	}
	return o, nil
}

// run loads the data set and prints one line of results:
//
//	points=1000000 requests=100 new=1000000 revised=0 unchanged=0 seconds=2.345 points_per_second=426439
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, time.Now(), stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	d := dataset{o}
	var bodies [][]byte
	if o.pregenerate {
		bodies = make([][]byte, 0, d.batches())
		for i := range d.batches() {
			bodies = append(bodies, d.body(nil, i))
		}
	}
	c := newClient(o)
	start := time.Now()
	tot, err := c.push(ctx, d, bodies)
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	total := d.total()
	fmt.Fprintf(stdout, "points=%d requests=%d new=%d revised=%d unchanged=%d seconds=%.3f points_per_second=%.0f\n",
		total, d.batches(), tot.New, tot.Revised, tot.Unchanged, elapsed.Seconds(), float64(total)/elapsed.Seconds())
	return nil
}
