package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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
