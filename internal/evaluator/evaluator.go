package evaluator

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// Options configure an Evaluator. Zero values mean defaults.
type Options struct {
	// Interval between two evaluations of every series: statuses change
	// with time alone (plans move, data goes stale). Default 1m.
	Interval time.Duration
	// Settle is how long after a write the touched series are re-evaluated,
	// so that a stream of pushes costs one evaluation, not one per push.
	// Default 200ms.
	Settle     time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
	Registerer prometheus.Registerer
}

// Source is what the evaluator reads: the series and their recent points,
// in one consistent view (store.Store.View).
type Source interface {
	View(fn func(r store.Reader) error) error
}

// Evaluator owns the evaluated state of every series.
type Evaluator struct {
	opts    Options
	store   Source
	metrics *metrics

	catalog atomic.Pointer[indicators.Catalog]
	snap    atomic.Pointer[Snapshot]
	gen     atomic.Uint64

	// mu guards entries. Writers only take dmu, so a push never
	// waits for a whole evaluation.
	mu      sync.Mutex
	entries []*entry
	idx     catalogIdx          // index of idxOf, see indexOf
	idxOf   *indicators.Catalog // guarded by mu
	dmu     sync.Mutex
	dirty   map[string]indicators.Labels // series key → labels
	dirtyOf map[string]string            // series key → indicator
	kick    chan struct{}
	// touched counts Touch calls; a snapshot's Touched is the count its
	// results include, so that a read can wait for the writes before it.
	touched uint64 // guarded by dmu
	applied uint64 // guarded by mu: the touches taken by the last Refresh
}

// entry is one series with its recent points. Its latest evaluation lives
// in the published snapshot only (res), not in the entry as well: with one
// entry per series, a second copy was a fifth of the daemon's memory.
type entry struct {
	key       string // indicator + labels, as seriesKey
	id        uint64
	indicator string
	labels    indicators.Labels
	points    window
	// res is the entry's result in the latest snapshot; nil when that
	// snapshot has none (its indicator is not in the catalog).
	res *Result
}

// New returns an evaluator over st for catalog c. Call Load before Run.
// It learns of writes through Touch (ingest.Pipeline.OnWrite).
func New(st Source, c *indicators.Catalog, opts Options) *Evaluator {
	if opts.Interval <= 0 {
		opts.Interval = time.Minute
	}
	if opts.Settle <= 0 {
		opts.Settle = 200 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Evaluator{
		opts: opts, store: st, metrics: newMetrics(opts.Registerer),
		dirty: map[string]indicators.Labels{}, dirtyOf: map[string]string{},
		kick: make(chan struct{}, 1),
	}
	e.catalog.Store(c)
	e.publish(&Snapshot{Catalog: c, At: opts.Now()})
	return e
}

// publish makes s the latest snapshot and wakes those waiting on the
// previous one.
func (e *Evaluator) publish(s *Snapshot) {
	s.superseded = make(chan struct{})
	if old := e.snap.Swap(s); old != nil {
		close(old.superseded)
	}
}

func seriesKey(indicator string, ls indicators.Labels) string { return indicator + ls.String() }

// newEntry returns the entry of a series. Its labels are re-sliced from its
// key, which holds them verbatim, so that the series' identity is held once
// rather than as a key and a label set.
func newEntry(id uint64, indicator string, ls indicators.Labels, pts window) *entry {
	key := seriesKey(indicator, ls)
	return &entry{key: key, id: id, indicator: indicator, labels: labelsIn(key[len(indicator):], ls), points: pts}
}

// labelsIn returns ls with its names and values pointing into s, ls
// rendered by Labels.String, or ls itself if s is not that rendering.
func labelsIn(s string, ls indicators.Labels) indicators.Labels {
	if len(ls) == 0 {
		return ls
	}
	shared := make(indicators.Labels, len(ls))
	s = s[1:] // '{'
	for i, l := range ls {
		if !strings.HasPrefix(s, l.Name+`="`) || !strings.HasPrefix(s[len(l.Name)+2:], l.Value+`"`) {
			return ls
		}
		shared[i].Name = s[:len(l.Name)]
		s = s[len(l.Name)+2:]
		shared[i].Value = s[:len(l.Value)]
		s = s[len(l.Value)+2:] // `",` or `"}`
	}
	return shared
}

// interner hands out one copy of each string it is given: the store returns
// every series' indicator as its own string.
type interner map[string]string

func (in *interner) of(s string) string {
	if *in == nil {
		*in = map[string]string{}
	}
	if c, ok := (*in)[s]; ok {
		return c
	}
	(*in)[s] = s
	return s
}

// Load reads every series' recent points from the store and publishes a
// first snapshot. It reads the store's recent-points index only, so its cost
// grows with the number of series, not of points.
func (e *Evaluator) Load() error {
	var entries []*entry
	var ids interner
	err := e.store.View(func(r store.Reader) error {
		series, err := r.Series()
		if err != nil {
			return fmt.Errorf("list series: %w", err)
		}
		entries = make([]*entry, 0, len(series))
		var scratch []indicators.Point
		for _, s := range series {
			if scratch, err = r.Recent(s.ID, scratch); err != nil {
				return err
			}
			entries = append(entries, newEntry(s.ID, ids.of(s.Indicator), s.Labels, pack(scratch)))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load recent points: %w", err)
	}
	sortEntries(entries)
	e.mu.Lock()
	e.entries = entries
	e.mu.Unlock()
	e.EvaluateAll()
	return nil
}

// Snapshot returns the latest published snapshot; never nil.
func (e *Evaluator) Snapshot() *Snapshot { return e.snap.Load() }

// Catalog returns the catalog in force.
func (e *Evaluator) Catalog() *indicators.Catalog { return e.catalog.Load() }

// SetCatalog replaces the catalog (a target changed) and re-evaluates.
func (e *Evaluator) SetCatalog(c *indicators.Catalog) {
	e.catalog.Store(c)
	e.EvaluateAll()
}

// Touch tells the evaluator that these measurements were written; their
// series are re-evaluated within Settle.
func (e *Evaluator) Touch(ms []indicators.Measurement) {
	e.dmu.Lock()
	for i, m := range ms {
		// Batches come grouped by series, mostly: a run of points of one
		// series marks it once.
		if i > 0 && m.Indicator == ms[i-1].Indicator && slices.Equal(m.Labels, ms[i-1].Labels) {
			continue
		}
		k := seriesKey(m.Indicator, m.Labels)
		e.dirty[k] = m.Labels
		e.dirtyOf[k] = m.Indicator
	}
	e.touched++
	e.dmu.Unlock()
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// Run evaluates every Interval and after writes until ctx is done.
func (e *Evaluator) Run(ctx context.Context) error {
	tick := time.NewTicker(e.opts.Interval)
	defer tick.Stop()
	settle := e.opts.Settle
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			e.EvaluateAll()
		case <-e.kick:
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(settle):
			}
			start := time.Now()
			if err := e.Refresh(); err != nil {
				e.opts.Logger.Error("refresh touched series", "component", "evaluator", "err", err)
			}
			settle = refreshGap(e.opts.Settle, time.Since(start))
		}
	}
}

// refreshGap is the wait before the next refresh after one that took took:
// Settle, or longer when refreshing is slow (each publishes a snapshot of
// every series), so that under a steady stream of pushes refreshes use at
// most a tenth of a CPU and leave the rest to the pushes themselves.
func refreshGap(settle, took time.Duration) time.Duration { return max(settle, 9*took) }

// Refresh re-evaluates the series touched since the last refresh, reading
// their recent points, and publishes a new snapshot. Run calls it Settle
// after a write; tests call it to see a write at once.
func (e *Evaluator) Refresh() error {
	e.dmu.Lock()
	dirty, dirtyOf, touched := e.dirty, e.dirtyOf, e.touched
	e.dirty, e.dirtyOf = map[string]indicators.Labels{}, map[string]string{}
	e.dmu.Unlock()
	if len(dirty) == 0 {
		return nil
	}
	fresh := make(map[string]*entry, len(dirty))
	gone := map[string]bool{}
	err := e.store.View(func(r store.Reader) error {
		for k, ls := range dirty {
			id, err := r.SeriesID(dirtyOf[k], ls)
			if errors.Is(err, store.ErrNotFound) {
				// Deleted, or never stored (the write that touched it
				// was refused): either way not a series to show.
				gone[k] = true
				continue
			}
			if err != nil {
				return err
			}
			pts, err := r.Recent(id, nil)
			if err != nil {
				return err
			}
			fresh[k] = newEntry(id, dirtyOf[k], ls, pack(pts))
		}
		return nil
	})
	if err != nil {
		return err
	}
	e.mu.Lock()
	if len(gone) > 0 {
		e.entries = slices.DeleteFunc(e.entries, func(en *entry) bool { return gone[en.key] })
	}
	var added []*entry
	for _, f := range fresh {
		if old := e.find(f.indicator, f.key); old != nil {
			old.points = f.points
			continue
		}
		added = append(added, f)
	}
	if len(added) > 0 {
		e.entries = append(e.entries, added...)
		sortEntries(e.entries)
	}
	e.applied = max(e.applied, touched)
	e.mu.Unlock()
	e.evaluate(func(k string) bool { _, ok := fresh[k]; return ok })
	return nil
}

// EvaluateAll evaluates every series at Now and publishes a snapshot.
func (e *Evaluator) EvaluateAll() { e.evaluate(nil) }

// evaluate re-evaluates the entries selected by only (all when nil) and
// publishes a snapshot of every entry.
func (e *Evaluator) evaluate(only func(key string) bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	// The clock and the catalog are read under the lock, so that snapshots
	// are published in the order of their times and catalogs: a periodic
	// evaluation that started before a target edit cannot publish after it.
	start := time.Now()
	now := e.opts.Now()
	c := e.catalog.Load()
	idx := e.indexOf(c)
	results := make([]Result, 0, len(e.entries)+len(idx.byID))
	seen := make(map[string]bool, len(idx.byID))
	ev := &indicators.Evaluator{}
	var pts []indicators.Point
	for _, en := range e.entries {
		ind, ok := idx.byID[en.indicator]
		if !ok {
			continue // removed from the catalog: history kept, not evaluated
		}
		var eval indicators.Evaluation
		// An entry without a previous result is evaluated whatever only
		// says: its indicator just came back into the catalog.
		if only == nil || only(en.key) || en.res == nil {
			judged := ind
			if len(en.labels) > 0 && ind.Additive() {
				judged = idx.breakdown[ind.ID]
			}
			pts = en.points.unpack(pts)
			eval = ev.Evaluate(judged, pts, now)
		} else {
			eval = en.res.Eval
		}
		seen[en.indicator] = true
		results = append(results, Result{Series: Series{ID: en.id, Indicator: en.indicator, Objective: ind.Objective, Labels: en.labels}, Eval: eval})
	}
	results = withPlaceholders(results, c, seen, now, ev)
	link(e.entries, results, idx.byID)
	s := &Snapshot{Generation: e.gen.Add(1), At: now, Catalog: c, Results: results, Duration: time.Since(start), Touched: e.applied}
	e.publish(s)
	e.metrics.observe(s)
}

// link points each entry at its result in results, which holds, in the
// entries' order, a result for each entry whose indicator is in the catalog
// (byID), and placeholders for indicators without series.
func link(entries []*entry, results []Result, byID map[string]*indicators.Indicator) {
	j := 0
	for _, en := range entries {
		if _, ok := byID[en.indicator]; !ok {
			// Dropping the pointer lets the older snapshot be collected.
			en.res = nil
			continue
		}
		for results[j].ID != en.id {
			j++
		}
		en.res = &results[j]
	}
}

// withPlaceholders adds a no-data result for each indicator that has no
// series yet, so that every target shows up in the API and exposition.
func withPlaceholders(results []Result, c *indicators.Catalog, seen map[string]bool, now time.Time, ev *indicators.Evaluator) []Result {
	added := false
	for oi := range c.Objectives {
		o := &c.Objectives[oi]
		for ii := range o.Indicators {
			ind := &o.Indicators[ii]
			if seen[ind.ID] {
				continue
			}
			results = append(results, Result{Series: Series{Indicator: ind.ID, Objective: o.ID}, Eval: ev.Evaluate(ind, nil, now)})
			added = true
		}
	}
	if added {
		sort.SliceStable(results, func(i, j int) bool { return results[i].Indicator < results[j].Indicator })
	}
	return results
}

// sortEntries orders series by indicator, then labels, the order of
// Snapshot.Results.
func sortEntries(es []*entry) {
	slices.SortFunc(es, func(a, b *entry) int { return compareEntry(a, b.indicator, b.key) })
}

func compareEntry(en *entry, indicator, key string) int {
	return cmp.Or(strings.Compare(en.indicator, indicator), strings.Compare(en.key, key))
}

// find returns the entry of a series, or nil. Called with e.mu held. The
// entries being sorted, a search does without an index by key, which took
// as much memory as the keys themselves.
func (e *Evaluator) find(indicator, key string) *entry {
	if i, ok := slices.BinarySearchFunc(e.entries, key, func(en *entry, key string) int {
		return compareEntry(en, indicator, key)
	}); ok {
		return e.entries[i]
	}
	return nil
}

// indexOf returns the index of catalog c, built once per catalog: catalogs
// are immutable once in force. Called with e.mu held.
func (e *Evaluator) indexOf(c *indicators.Catalog) catalogIdx {
	if e.idxOf != c {
		e.idx, e.idxOf = indexCatalog(c), c
	}
	return e.idx
}

type catalogIdx struct {
	byID map[string]*indicators.Indicator
	// breakdown holds, per additive indicator, the target-less definition
	// its labelled series are evaluated with (see Indicator.Breakdown).
	breakdown map[string]*indicators.Indicator
}

func indexCatalog(c *indicators.Catalog) catalogIdx {
	x := catalogIdx{byID: c.IndicatorsByID(), breakdown: map[string]*indicators.Indicator{}}
	for id, ind := range x.byID {
		if ind.Additive() {
			x.breakdown[id] = ind.Breakdown()
		}
	}
	return x
}
