package alerting

import (
	"encoding/json"
	"fmt"

	"github.com/jalonhq/jalon/store"
)

// outboxPlan is a set of new entries and what they displace, computed
// before the transaction that writes them and applied to the queues only
// once it committed: an entry never becomes visible to a sender before it
// is on disk.
type outboxPlan struct {
	changes []store.StateChange
	adds    []planned
	gone    map[*entry]bool // superseded or dropped
	dropped map[*receiver]int
}

type planned struct {
	r *receiver
	e *entry
}

// plan gives keys to the new entries of each receiver, supersedes the
// waiting entries they replace, and drops the oldest ones beyond the limit.
func (o *outbox) plan(adds map[*receiver][]*entry) *outboxPlan {
	o.mu.Lock()
	defer o.mu.Unlock()
	p := &outboxPlan{gone: map[*entry]bool{}, dropped: map[*receiver]int{}}
	for _, r := range o.receivers {
		es := adds[r]
		if len(es) == 0 {
			continue
		}
		live := r.live
		for _, e := range es {
			if old := r.byFP[e.fp]; r.coalesce && old != nil && !old.gone && !p.gone[old] {
				// A re-send replacing a change not yet delivered carries the
				// change: it is kept as durably.
				e.durable = e.durable || old.durable
				p.gone[old] = true
				p.changes = appendDelete(p.changes, old)
				live--
			}
		}
		excess := live + len(es) - o.limit
		for _, old := range r.queue {
			if excess <= 0 {
				break
			}
			if !old.gone && !p.gone[old] {
				p.gone[old], excess = true, excess-1
				p.changes = appendDelete(p.changes, old)
				p.dropped[r]++
			}
		}
		if excess > 0 { // more new entries than the limit: keep the newest
			p.dropped[r] += excess
			es = es[excess:]
		}
		for _, e := range es {
			o.seq++
			e.key = outboxKey(r.name, o.seq)
			if e.durable {
				v, _ := json.Marshal(e)
				p.changes = append(p.changes, store.StateChange{Bucket: store.StateOutbox, Key: e.key, Value: v})
			}
			p.adds = append(p.adds, planned{r, e})
		}
	}
	return p
}

// apply makes a committed plan visible to the senders.
func (o *outbox) apply(p *outboxPlan) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.receivers {
		for _, e := range r.queue {
			if p.gone[e] && !e.gone {
				o.remove(r, e)
			}
		}
		if n := p.dropped[r]; n > 0 {
			o.metrics.dropped.WithLabelValues(r.name).Add(float64(n))
			o.logger.Error("outbox full: dropped the oldest notifications", "receiver", r.name, "dropped", n, "limit", o.limit)
		}
	}
	for _, a := range p.adds {
		o.push(a.r, a.e)
	}
	for _, r := range o.receivers {
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}
}

// remove marks e gone; o.mu must be held.
func (o *outbox) remove(r *receiver, e *entry) {
	e.gone = true
	r.live--
	if r.byFP[e.fp] == e {
		delete(r.byFP, e.fp)
	}
}

func deleteEntry(key string) store.StateChange {
	return store.StateChange{Bucket: store.StateOutbox, Key: key, Delete: true}
}

// appendDelete appends the removal of e from the store, if it is there.
func appendDelete(changes []store.StateChange, e *entry) []store.StateChange {
	if !e.durable {
		return changes
	}
	return append(changes, deleteEntry(e.key))
}

func decodeEntry(key string, v []byte) (*entry, error) {
	e := &entry{key: key}
	if err := json.Unmarshal(v, e); err != nil {
		return nil, fmt.Errorf("decode outbox entry %s: %w", key, err)
	}
	return e, nil
}
