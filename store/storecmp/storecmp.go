// Package storecmp compares two stores record by record: every series,
// every point with its source, details and arrival, every series deleted
// whole, the whole audit log (which holds every revision and deletion of
// every point), every revision of every indicator, every entry of every
// state bucket. `jalonctl store copy` verifies a copy with it, and the
// tests of the backends use it to tell two replicas equal.
package storecmp

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// Source is what Compare reads of a store: store.Backend's reads.
type Source interface {
	Series() ([]store.Series, error)
	View(fn func(r store.Reader) error) error
	Audit(from uint64, limit int) ([]store.AuditEntry, error)
	Indicators() (map[string]store.Revision, error)
	Revisions(id string) ([]store.Revision, error)
	ListState(bucket store.StateBucket, prefix string, fn func(key string, value []byte) error) error
}

// Buckets are the state buckets compared: every one the store keeps.
var Buckets = []store.StateBucket{store.StateAlerts, store.StateOutbox, store.StateCollectors, store.StateLogin, store.StateAssessments}

// Counts says how much was compared.
type Counts struct {
	Series, Points, DeletedSeries, AuditEntries, Indicators, Revisions, StateEntries int
}

func (c Counts) String() string {
	return fmt.Sprintf("%d series, %d points, %d series deleted whole, %d audit entries, %d indicators with %d revisions, %d state entries",
		c.Series, c.Points, c.DeletedSeries, c.AuditEntries, c.Indicators, c.Revisions, c.StateEntries)
}

// Compare reads a and b in full and returns what it compared, or the first
// difference, named (which series, point, audit entry, revision, key).
// progress, when not nil, is called every 1 000 series and at each part.
func Compare(a, b Source, progress func(part string, c Counts)) (Counts, error) {
	var c Counts
	if progress == nil {
		progress = func(string, Counts) {}
	}
	sa, sb, err := both(a.Series, b.Series, "series")
	if err != nil {
		return c, err
	}
	if err := sameList("series", sa, sb, func(s store.Series) string { return seriesName(s) }); err != nil {
		return c, err
	}
	progress("series", c)
	for i, s := range sa {
		n, err := comparePoints(a, b, s)
		if err != nil {
			return c, err
		}
		c.Series++
		c.Points += n
		if (i+1)%1000 == 0 {
			progress("points", c)
		}
	}
	progress("points", c)

	ia, ib, err := both(a.Indicators, b.Indicators, "indicators")
	if err != nil {
		return c, err
	}
	ids := indicatorIDs(ia, ib, sa)
	for _, id := range ids {
		if _, ok := ia[id]; ok {
			if _, ok := ib[id]; !ok {
				return c, fmt.Errorf("indicator %s: in A, not in B", id)
			}
			revA, revB, err := both(func() ([]store.Revision, error) { return a.Revisions(id) }, func() ([]store.Revision, error) { return b.Revisions(id) }, "revisions of "+id)
			if err != nil {
				return c, err
			}
			if err := sameList("indicator "+id+": revision", revA, revB, func(r store.Revision) string { return fmt.Sprintf("%d of %s", r.Rev, r.Time.Format(time.RFC3339Nano)) }); err != nil {
				return c, err
			}
			c.Indicators++
			c.Revisions += len(revA)
		} else if _, ok := ib[id]; ok {
			return c, fmt.Errorf("indicator %s: in B, not in A", id)
		}
		n, err := compareDeleted(a, b, id)
		if err != nil {
			return c, err
		}
		c.DeletedSeries += n
	}
	progress("indicators", c)

	for from := uint64(1); ; {
		pa, pb, err := both(func() ([]store.AuditEntry, error) { return a.Audit(from, 1000) }, func() ([]store.AuditEntry, error) { return b.Audit(from, 1000) }, "audit log")
		if err != nil {
			return c, err
		}
		if err := sameList("audit entry", pa, pb, func(e store.AuditEntry) string { return fmt.Sprintf("%d (%s by %s)", e.Seq, e.Action, e.Actor) }); err != nil {
			return c, err
		}
		c.AuditEntries += len(pa)
		if len(pa) < 1000 {
			break
		}
		from = pa[len(pa)-1].Seq + 1
	}
	progress("audit", c)

	for _, bucket := range Buckets {
		ka, kb, err := both(func() ([]kv, error) { return listState(a, bucket) }, func() ([]kv, error) { return listState(b, bucket) }, "state bucket "+string(bucket))
		if err != nil {
			return c, err
		}
		if err := sameList("state bucket "+string(bucket)+": key", ka, kb, func(e kv) string { return fmt.Sprintf("%q", e.Key) }); err != nil {
			return c, err
		}
		c.StateEntries += len(ka)
	}
	progress("state", c)
	return c, nil
}

type kv struct {
	Key   string
	Value []byte
}

func listState(s Source, bucket store.StateBucket) ([]kv, error) {
	var out []kv
	err := s.ListState(bucket, "", func(k string, v []byte) error {
		out = append(out, kv{k, slices.Clone(v)})
		return nil
	})
	return out, err
}

// point is one point as every read gives it.
type point struct {
	Point   indicators.Point
	Source  string
	Meta    store.PointMeta
	Arrived time.Time
	Known   bool
}

func points(s Source, id uint64) ([]point, error) {
	var out []point
	err := s.View(func(r store.Reader) error {
		return r.PointDetails(id, time.Time{}, time.Time{}, func(p indicators.Point, source string, pm store.PointMeta) error {
			at, ok := r.ArrivedAt(id, p.Time)
			out = append(out, point{Point: p, Source: source, Meta: pm, Arrived: at, Known: ok})
			return nil
		})
	})
	return out, err
}

func comparePoints(a, b Source, s store.Series) (int, error) {
	pa, pb, err := both(func() ([]point, error) { return points(a, s.ID) }, func() ([]point, error) { return points(b, s.ID) }, "points of "+seriesName(s))
	if err != nil {
		return 0, err
	}
	return len(pa), sameList(seriesName(s)+": point", pa, pb, func(p point) string { return p.Point.Time.Format(time.RFC3339Nano) })
}

func compareDeleted(a, b Source, indicator string) (int, error) {
	deleted := func(s Source) func() ([]store.Series, error) {
		return func() (out []store.Series, err error) {
			err = s.View(func(r store.Reader) error {
				out, err = r.DeletedSeriesOf(indicator)
				return err
			})
			return out, err
		}
	}
	da, db, err := both(deleted(a), deleted(b), "series of "+indicator+" deleted whole")
	if err != nil {
		return 0, err
	}
	return len(da), sameList("indicator "+indicator+": series deleted whole", da, db, seriesName)
}

// indicatorIDs is every indicator either store knows of, sorted.
func indicatorIDs(ia, ib map[string]store.Revision, series []store.Series) []string {
	var ids []string
	for id := range ia {
		ids = append(ids, id)
	}
	for id := range ib {
		ids = append(ids, id)
	}
	for _, s := range series {
		ids = append(ids, s.Indicator)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func seriesName(s store.Series) string {
	return fmt.Sprintf("series %d (%s%v)", s.ID, s.Indicator, s.Labels)
}

func both[T any](fa, fb func() (T, error), what string) (T, T, error) {
	va, err := fa()
	if err != nil {
		return va, va, fmt.Errorf("read the %s of A: %w", what, err)
	}
	vb, err := fb()
	if err != nil {
		return va, vb, fmt.Errorf("read the %s of B: %w", what, err)
	}
	return va, vb, nil
}

// sameList names the first element that differs, or the first one only
// one list has.
func sameList[T any](what string, a, b []T, name func(T) string) error {
	for i := range min(len(a), len(b)) {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Errorf("%s %s differs: A has %+v, B has %+v", what, name(a[i]), a[i], b[i])
		}
	}
	switch {
	case len(a) > len(b):
		return fmt.Errorf("%s %s: in A, not in B (A has %d, B %d)", what, name(a[len(b)]), len(a), len(b))
	case len(b) > len(a):
		return fmt.Errorf("%s %s: in B, not in A (A has %d, B %d)", what, name(b[len(a)]), len(a), len(b))
	}
	return nil
}
