package pages

import (
	"fmt"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// storedSeries is one series of an indicator as stored: every point, latest
// revision, with its source.
type storedSeries struct {
	ID      uint64
	Labels  indicators.Labels
	Points  []indicators.Point
	Sources []string
	URLs    []string // each point's source URL, "" for none
}

// pageHistory reads every series of an indicator in one read transaction.
func (p *pages) pageHistory(id string) ([]storedSeries, error) {
	var out []storedSeries
	err := p.store.View(func(r store.Reader) error {
		all, err := r.SeriesOf(id)
		if err != nil {
			return err
		}
		for _, s := range all {
			ss := storedSeries{ID: s.ID, Labels: s.Labels}
			err := r.PointDetails(s.ID, time.Time{}, time.Time{}, func(p indicators.Point, source string, pm store.PointMeta) error {
				ss.Points = append(ss.Points, p)
				ss.Sources = append(ss.Sources, source)
				ss.URLs = append(ss.URLs, pm.SourceURL)
				return nil
			})
			if err != nil {
				return err
			}
			out = append(out, ss)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", id, err)
	}
	return out, nil
}

// auditWindow is how many of the latest audit entries an indicator page
// searches for revised points. The audit log is read oldest first and has
// no index by indicator, so older revisions are not looked for.
const auditWindow = 10000

// pointRevisions returns the revise entries of some indicators among the latest
// auditWindow entries of the audit log, by point (revisionKey), oldest first,
// and whether older entries were left unsearched.
func (p *pages) pointRevisions(ids ...string) (map[string][]store.AuditEntry, bool, error) {
	last, err := lastAuditSeq(p.store)
	if err != nil {
		return nil, false, err
	}
	from := uint64(1)
	if last > auditWindow {
		from = last - auditWindow + 1
	}
	out := map[string][]store.AuditEntry{}
	for from <= last {
		es, err := p.store.Audit(from, 1000)
		if err != nil {
			return nil, false, err
		}
		if len(es) == 0 {
			break
		}
		for _, e := range es {
			if e.Action == store.ActionRevise && slices.Contains(ids, e.Indicator) {
				k := revisionKey(e.Indicator, e.Labels, e.At)
				out[k] = append(out[k], e)
			}
		}
		from = es[len(es)-1].Seq + 1
	}
	return out, last > auditWindow, nil
}

func revisionKey(indicator string, ls indicators.Labels, t time.Time) string {
	return indicator + ls.String() + "@" + t.UTC().Format(time.RFC3339Nano)
}

// lastAuditSeq finds the sequence of the latest audit entry by galloping
// then bisecting: sequences start at 1 without gaps, so an entry exists at
// s exactly when s ≤ last. Each probe reads one entry.
func lastAuditSeq(st Store) (uint64, error) {
	exists := func(s uint64) (bool, error) {
		es, err := st.Audit(s, 1)
		return len(es) > 0 && es[0].Seq == s, err
	}
	lo, hi := uint64(0), uint64(1) // entry at lo (or lo = 0), none at hi once found
	for {
		ok, err := exists(hi)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := exists(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}
