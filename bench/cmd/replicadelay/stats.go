package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// listsPoint reports whether a series API body lists a point at t.
func listsPoint(body []byte, t time.Time) (bool, error) {
	var r struct {
		Series []struct {
			Points []struct{ Time time.Time }
		}
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return false, fmt.Errorf("series API body: %w", err)
	}
	for _, s := range r.Series {
		for _, p := range s.Points {
			if p.Time.Equal(t) {
				return true, nil
			}
		}
	}
	return false, nil
}

// exposesLatest reports whether a /metrics body gives v as the latest
// value of o's series: each point pushed has its own value, so the value
// tells which point the evaluation has taken in.
func exposesLatest(body []byte, o options, v float64) bool {
	want := fmt.Sprintf("indicator=%q", o.indicator)
	label := fmt.Sprintf("%s=%q", o.label, o.site)
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "jalon_indicator_value{")
		if !ok {
			continue
		}
		labels, value, ok := strings.Cut(rest, "} ")
		if !ok || !hasLabel(labels, want) || !hasLabel(labels, label) {
			continue
		}
		got, err := strconv.ParseFloat(value, 64)
		return err == nil && got == v
	}
	return false
}

// hasLabel reports whether the label list a="x",b="y" holds label whole.
func hasLabel(labels, label string) bool {
	for l := range strings.SplitSeq(labels, ",") {
		if l == label {
			return true
		}
	}
	return false
}

// quantile is the nearest-rank q-quantile of ds (q = 1: the largest).
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	i := int(float64(len(s))*q+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}
