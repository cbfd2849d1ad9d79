package collector

import (
	"context"
	"errors"
	"time"
)

// Reload reads every puller's record again from the store: another replica
// may have run the pullers since this one loaded them (it was not the
// leader, or was not leading for a while). A follower calls it to show the
// stored state; a new leader, through RunTerm, before its first run.
func (m *Manager) Reload() error {
	recs := make([]record, len(m.pullers))
	for i, p := range m.pullers {
		rec, err := loadRecord(m.opts.Store, p.cfg.Name)
		if err != nil {
			return err
		}
		recs[i] = rec
	}
	for i, p := range m.pullers {
		p.mu.Lock()
		p.rec = recs[i]
		p.mu.Unlock()
		m.metrics.failures.WithLabelValues(p.cfg.Name).Set(float64(recs[i].State.ConsecutiveFailures))
		if t := recs[i].State.LastSuccess; !t.IsZero() {
			m.metrics.lastSuccess.WithLabelValues(p.cfg.Name).Set(float64(t.UnixNano()) / 1e9)
		}
	}
	return nil
}

// RunTerm is Run for one term as leader: the records reloaded first, then
// each puller's first slot taken from its stored last run rather than from
// now. A slot the previous leader ran is recorded (LastRun) and is not run
// again; the first slot after it, missed while nobody led or cut short by
// the previous leader's end, runs at once, and only once however many
// slots the gap held. It returns once ctx ends and the runs in flight,
// RunNow's included, are done; the next term calls it again.
func (m *Manager) RunTerm(ctx context.Context) error {
	if err := m.Reload(); err != nil {
		return err
	}
	m.mu.Lock()
	m.stopping, m.stop = context.WithCancel(context.Background())
	m.stopped = false
	m.mu.Unlock()
	m.runLoops(ctx, true)
	return nil
}

// firstSlot is when a new leader first runs p: the first slot after the
// stored last run if it has passed (at once), else the next slot after now.
func (m *Manager) firstSlot(p *puller, now time.Time) time.Time {
	next := p.sched.Next(now.In(p.cfg.Timezone))
	last := p.record().State.LastRun
	if last.IsZero() {
		return next
	}
	if due := p.sched.Next(last.In(p.cfg.Timezone)); due.Before(next) {
		if due.Before(now) {
			return now
		}
		return due
	}
	return next
}

// ErrNotLeader refuses RunNow on a replica that is not the leader: only the
// leader runs pullers, so that no slot runs on two replicas. The error's
// text names the leader when known.
var ErrNotLeader = errors.New("this replica is not the leader, which alone runs the pullers")
