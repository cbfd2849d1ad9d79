package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"sync/atomic"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/seeds"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/territory"
)

// publishedActor marks the writes of the published record in the audit log.
const publishedActor = "published-record"

// storeClock is the store's Options.Now: the wall clock, except while the
// published record is written, when it is each figure's publication date,
// so that the store records the figure as arriving then and a report "as
// known at" a past date sees only what had been published by that date.
type storeClock struct{ at atomic.Pointer[time.Time] }

func (c *storeClock) now() time.Time {
	if t := c.at.Load(); t != nil {
		return *t
	}
	return time.Now()
}

// newStore reports whether the store at path does not exist yet: no file
// and no write-ahead log.
func newStore(path string) (bool, error) {
	for _, p := range []string{path, path + "-wal"} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
	}
	return true, nil
}

// loadPublished writes the published record (seeds.Published) into a new
// store, one write per publication date in date order. A figure the
// catalog in force refuses (an indicator a custom catalog dropped or
// redefined) is left out with a warning: the record is the roadmap's.
func loadPublished(ctx context.Context, st store.Backend, clk *storeClock, cat *indicators.Catalog, logger *slog.Logger) error {
	figs, err := seeds.Published()
	if err != nil {
		return err
	}
	codes, err := territory.Load()
	if err != nil {
		return err
	}
	k := ingest.NewChecker(cat, codes)
	slices.SortStableFunc(figs, func(a, b seeds.Figure) int { return a.Published.Compare(b.Published) })
	defer clk.at.Store(nil)
	loaded := 0
	for len(figs) > 0 {
		day := figs[0].Published
		n := 1
		for n < len(figs) && figs[n].Published.Equal(day) {
			n++
		}
		ms := checkedFigures(k, figs[:n], logger)
		figs = figs[n:]
		if len(ms) == 0 {
			continue
		}
		clk.at.Store(&day)
		if _, err := st.Write(ctx, ms, publishedActor); err != nil {
			return fmt.Errorf("load the published record of %s: %w", day.Format(time.DateOnly), err)
		}
		loaded += len(ms)
	}
	logger.Info("published record loaded", "figures", loaded)
	return nil
}

// checkedFigures returns the measurements of figs the catalog accepts.
func checkedFigures(k *ingest.Checker, figs []seeds.Figure, logger *slog.Logger) []indicators.Measurement {
	var ms []indicators.Measurement
	for _, f := range figs {
		it := ingest.Item{Where: fmt.Sprintf("published.csv line %d", f.Line), Indicator: f.Indicator, Labels: f.Labels,
			Time: f.Time, Value: f.Value, Source: f.Source,
			Published: ingest.Published{Start: f.Start, Qualifier: f.Qualifier, SourceURL: f.SourceURL}}
		got, bad := k.Check([]ingest.Item{it}, f.Published)
		if len(bad) > 0 {
			logger.Warn("published figure left out", "figure", bad[0].Where, "msg", bad[0].Msg)
			continue
		}
		ms = append(ms, got...)
	}
	return ms
}
