package main

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// plan is the straight line from a baseline to a target that the values of
// "-values plan" follow.
type plan struct {
	from, to time.Time
	v0, v1   float64
}

// parsePlan reads "2023-01-01=0,2027-12-31=1000000".
func parsePlan(s string) (plan, error) {
	var p plan
	ends := strings.Split(s, ",")
	if len(ends) != 2 {
		return p, errors.New("want DATE=VALUE,DATE=VALUE")
	}
	times := [2]*time.Time{&p.from, &p.to}
	values := [2]*float64{&p.v0, &p.v1}
	for i, e := range ends {
		date, value, ok := strings.Cut(strings.TrimSpace(e), "=")
		if !ok {
			return p, errors.New("want DATE=VALUE,DATE=VALUE")
		}
		var err error
		if *times[i], err = time.Parse(time.DateOnly, date); err != nil {
			return p, err
		}
		if *values[i], err = strconv.ParseFloat(value, 64); err != nil {
			return p, err
		}
	}
	if !p.to.After(p.from) {
		return p, errors.New("the second date must be after the first")
	}
	return p, nil
}

// at returns the planned value at t.
func (p plan) at(t time.Time) float64 {
	share := float64(t.Sub(p.from)) / float64(p.to.Sub(p.from))
	return p.v0 + share*(p.v1-p.v0)
}
