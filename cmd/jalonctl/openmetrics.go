package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// omWriter writes the samples of one OpenMetrics gauge family. Each series
// is written whole, its samples in time order, as promtool's backfill needs.
type omWriter struct {
	w      *bufio.Writer
	metric string
	series string // name and labels of the current series, then a space
	last   int64  // milliseconds of the pending sample, Prometheus' resolution
	value  float64
	ok     bool // a sample is pending
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// startSeries begins a series with the labels of ind and ls, sorted by name.
func (w *omWriter) startSeries(ind indicatorRef, ls map[string]string) {
	w.flush()
	all := map[string]string{"indicator": ind.id, "objective": ind.objective}
	maps.Copy(all, ls)
	var b strings.Builder
	b.WriteString(w.metric)
	b.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(all)) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k + `="` + labelEscaper.Replace(all[k]) + `"`)
	}
	b.WriteString("} ")
	w.series = b.String()
}

// sample adds a point. Two points in one millisecond would be one sample
// for Prometheus, and a duplicate for promtool: the later one wins.
func (w *omWriter) sample(t time.Time, v float64) {
	ms := t.UnixMilli()
	if w.ok && ms != w.last {
		w.flush()
	}
	w.last, w.value, w.ok = ms, v, true
}

// flush writes the pending sample, its timestamp in seconds.
func (w *omWriter) flush() {
	if !w.ok {
		return
	}
	w.ok = false
	ts := strconv.FormatInt(w.last/1000, 10)
	if frac := w.last % 1000; frac != 0 {
		ts += strings.TrimRight(fmt.Sprintf(".%03d", frac), "0")
	}
	w.w.WriteString(w.series + strconv.FormatFloat(w.value, 'g', -1, 64) + " " + ts + "\n")
}

// decodeSeries reads the body of GET /api/v1/indicators/{id}/series
// token by token and writes its points: {"indicator":…,"series":[{"labels":
// {…},"points":[{"time":…,"value":…},…]},…]}. The server writes each
// series' labels before its points.
func decodeSeries(dec *json.Decoder, ind indicatorRef, w *omWriter) error {
	return decodeObject(dec, func(key string) error {
		if key != "series" {
			return skip(dec)
		}
		return decodeArray(dec, func() error {
			return decodeObject(dec, func(key string) error {
				switch key {
				case "labels":
					var ls map[string]string
					if err := dec.Decode(&ls); err != nil {
						return err
					}
					w.startSeries(ind, ls)
					return nil
				case "points":
					if w.series == "" {
						return errors.New("points before labels")
					}
					return decodeArray(dec, func() error {
						var p struct {
							Time  time.Time
							Value float64
						}
						if err := dec.Decode(&p); err != nil {
							return err
						}
						w.sample(p.Time, p.Value)
						return nil
					})
				}
				return skip(dec)
			}, func() { w.flush(); w.series = "" })
		})
	})
}

// decodeObject reads an object, calling field for each key with the decoder
// before the value; end, if not nil, when the object closes.
func decodeObject(dec *json.Decoder, field func(key string) error, end ...func()) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if err := field(key); err != nil {
			return err
		}
	}
	for _, f := range end {
		f()
	}
	return expectDelim(dec, '}')
}

// decodeArray reads an array, calling item before each element.
func decodeArray(dec *json.Decoder, item func() error) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for dec.More() {
		if err := item(); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("unexpected %v, want %v", tok, want)
	}
	return nil
}

func skip(dec *json.Decoder) error {
	var v json.RawMessage
	return dec.Decode(&v)
}
