package store

import (
	"errors"
	"slices"
	"time"

	"go.etcd.io/bbolt"
)

// directPoints is the size from which a group of writes skips the log and
// is committed straight to the bbolt file, as before the log existed: a
// transaction that large already rewrites each page once for many points,
// and logging it first would double the work of a bulk import (checking,
// encoding, fsyncing and decoding every point once more). A variable so
// that tests can move it.
var directPoints = 1000

// commitDirect commits the live requests in one bbolt transaction, after
// everything logged before them: the order of writes stays the order of the
// queue. A request that fails to apply is finished with its error and the
// transaction retried without it.
func (s *Store) commitDirect(live []*writeReq) {
	err := s.wal.broken // a record refused by a failed fsync may survive a crash: nothing may follow it
	if err == nil {
		err = s.waitApplied(s.seq)
	}
	if err != nil {
		for _, r := range live {
			r.finish(err)
		}
		return
	}
	for len(live) > 0 {
		start := time.Now()
		failed, committed, err := s.applyDirect(live)
		if failed >= 0 {
			live[failed].finish(err)
			live = slices.Delete(live, failed, failed+1)
			continue
		}
		if committed && err == nil {
			s.metrics.observeCommit(time.Since(start), len(live))
		}
		for _, r := range live {
			r.finish(err)
		}
		return
	}
}

// errUnchanged rolls back a transaction that changed nothing: the points it
// found are already committed, so its requests are acknowledged without a
// commit or an fsync.
var errUnchanged = errors.New("nothing to commit")

// applyDirect runs one write transaction over reqs. It returns the index of
// the request that failed, or -1 and the commit's error; committed says
// whether a commit was needed.
func (s *Store) applyDirect(reqs []*writeReq) (failed int, committed bool, err error) {
	failed = -1
	var series, points uint64
	err = s.db.Update(func(tx *bbolt.Tx) error {
		w := newWriteTx(tx, s.now(), s.recentN)
		for i, r := range reqs {
			if r.del != nil {
				out, err := w.deletes(r.del, r.actor)
				if err != nil {
					failed = i
					return err
				}
				r.del.out = out
				committed = true
				continue
			}
			res, err := w.request(r.ms, r.actor)
			if err != nil {
				failed = i
				return err
			}
			r.res = res
			committed = committed || res.New+res.Revised > 0
		}
		if !committed {
			return errUnchanged
		}
		series, points = w.series, w.points
		return w.finish()
	})
	if errors.Is(err, errUnchanged) {
		return -1, false, nil
	}
	if err == nil {
		s.series.Store(series)
		s.points.Store(points)
	}
	return failed, committed, dbErr(err)
}
