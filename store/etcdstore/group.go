package etcdstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/store"
)

// Group commit. An append costs a raft round trip (a quorum of members each
// fsyncing), a few milliseconds, and the log takes one entry at a time: one
// change an entry would cap a replica at a few hundred changes a second
// however many callers wait. So the changes callers make at once queue, and
// whoever holds the committer's turn takes everything queued (bounded) and
// appends it as ONE entry, then applies its changes in order and answers
// each caller with its own change's outcome, as the bbolt store shares one
// WAL record and one fsync between concurrent writes.
//
// A group entry is an op of kind "group" holding the list of ops
// ({"kind":"group","ops":[…]}), where a single change stays the op itself:
// entries written before group commit, and every entry appended with no
// other change waiting, read as before. An older jalond reads a group as an
// op of a kind it does not know and stops there (newer.go): it refuses
// every read and write until upgraded, rather than skip changes the other
// replicas applied.
//
// Only changes with the same fence (or none) share an entry: the entry's
// transaction compares one fence (fence.go), so a deposed leader's refused
// write takes no unfenced change with it.

// Bounds of one group: a group's entry is compressed (codec.go) and chunked
// past inlineMax like any entry, but a smaller entry keeps the catch-up's
// pages and the followers' applying short. The first change queued is
// always taken, whatever its size: a batch is one entry, as before.
const (
	groupMaxOps   = 256
	groupMaxBytes = 1 << 20 // of the ops as JSON, before compression
)

// pending is one caller's change, queued for the next group.
type pending struct {
	data  []byte // the op as JSON
	fence Fence  // zero when unfenced
	ctx   context.Context
	taken bool // in a group being appended; grouper.mu
	out   outcome
	err   error
	done  chan struct{} // closed once out and err are set
}

// grouper is the queue of changes and the committer's turn.
type grouper struct {
	mu    sync.Mutex
	queue []*pending
	// turn is held by the one caller appending a group: a channel, so
	// that a caller waits for it and for its context at once.
	turn chan struct{}
	// changes observes how many changes each appended entry held.
	changes prometheus.Histogram
}

// initGroup makes the group's metric, registered with reg if not nil; Close
// unregisters it with the size metrics.
func (b *Backend) initGroup(reg prometheus.Registerer) {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "jalon_etcd_entry_changes",
		Help:    "Changes (writes, deletions, state changes…) in each log entry this replica appended: changes made at once share an entry (group commit).",
		Buckets: prometheus.ExponentialBuckets(1, 2, 9)}) // 1 to groupMaxOps
	b.group.changes = h
	if reg != nil && reg.Register(h) == nil { // a second backend on one registry keeps the first's
		b.size.metrics = append(b.size.metrics, h)
	}
}

func (g *grouper) turnChan() chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.turn == nil {
		g.turn = make(chan struct{}, 1)
	}
	return g.turn
}

// submit queues the change data (an op as JSON) and returns its outcome
// once the entry holding it is committed and applied. A ctx ended while
// the change is still queued withdraws it: nothing is appended and the
// caller gets ctx.Err(). Once a committer took it, the caller waits for
// the outcome, which etcd alone bounds (b.timeout), as an append always
// did.
func (b *Backend) submit(ctx context.Context, data []byte) (outcome, error) {
	if err := ctx.Err(); err != nil {
		return outcome{}, err
	}
	g := &b.group
	turn := g.turnChan()
	f, _ := fenceOf(ctx)
	p := &pending{data: data, fence: f, ctx: ctx, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, p)
	g.mu.Unlock()
	for {
		select {
		case <-p.done:
			return p.out, p.err
		case <-ctx.Done():
			if g.withdraw(p) {
				return outcome{}, ctx.Err()
			}
			<-p.done
			return p.out, p.err
		case turn <- struct{}{}:
			// Our change may be in this group or, with another
			// fence or past the bounds, left for the next turn.
			b.commitGroup()
			<-turn
		}
	}
}

// withdraw takes p out of the queue unless a committer took it.
func (g *grouper) withdraw(p *pending) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if p.taken {
		return false
	}
	for i, q := range g.queue {
		if q == p {
			g.queue = append(g.queue[:i], g.queue[i+1:]...)
			break
		}
	}
	return true
}

// take removes the next group from the queue: the first change, then every
// later one with the same fence within the bounds, in queue order. Changes
// whose caller gave up are answered ctx.Err() and dropped.
func (g *grouper) take() []*pending {
	g.mu.Lock()
	defer g.mu.Unlock()
	var group []*pending
	rest := make([]*pending, 0, len(g.queue))
	size := 0
	for _, p := range g.queue {
		switch {
		case p.ctx.Err() != nil:
			p.err = p.ctx.Err()
			close(p.done)
		case len(group) == 0 || p.fence == group[0].fence && len(group) < groupMaxOps && size+len(p.data) <= groupMaxBytes:
			p.taken = true
			group = append(group, p)
			size += len(p.data)
		default:
			rest = append(rest, p)
		}
	}
	g.queue = rest
	return group
}

// commitGroup appends the next group as one entry, applies it and answers
// its callers. The caller holds the turn.
func (b *Backend) commitGroup() {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Taken under b.mu: changes queued while a catch-up held it join.
	group := b.group.take()
	if len(group) == 0 {
		return
	}
	outs, err := b.appendGroup(group)
	for i, p := range group {
		if err != nil {
			p.err = err
		} else {
			p.out, p.err = outs[i], outs[i].err
		}
		close(p.done)
	}
}

// appendGroup appends a group (one change or several): the quota checked, the
// entry staged and committed once, its changes applied in order. An error
// is every change's: nothing of the group was appended, or (etcd unsure)
// all of it was. b.mu is held.
func (b *Backend) appendGroup(group []*pending) ([]outcome, error) {
	if b.closed.Load() {
		return nil, store.ErrClosed
	}
	if b.broken != nil {
		return nil, b.broken
	}
	// No caller's context: the group is several callers'. The fence,
	// which commit reads from the context, is the group's one.
	base := context.Background()
	if f := group[0].fence; f.valid() {
		base = WithFence(base, f)
	}
	data := group[0].data
	if len(group) > 1 {
		data = encodeGroup(group)
	}
	sctx, cancel := context.WithTimeout(base, b.timeout)
	defer cancel()
	if err := b.room(sctx); err != nil {
		return nil, err
	}
	rec, guard, err := b.stage(sctx, data)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(base, b.timeout)
	defer cancel()
	seq, err := b.commit(cctx, rec, guard)
	if err != nil {
		return nil, err
	}
	if h := b.group.changes; h != nil { // nil in a Backend not made by Open
		h.Observe(float64(len(group)))
	}
	if len(group) == 1 {
		out, err := b.apply(seq, data, true)
		return []outcome{out}, err
	}
	return b.applyGroup(seq, data, true)
}

// kindGroup is a group entry's kind, and groupHead how its encoding starts:
// encodeGroup writes it, isGroup recognizes it without decoding the ops.
const (
	kindGroup = "group"
	groupHead = `{"kind":"` + kindGroup + `","ops":[`
)

// encodeGroup is the group's entry: the list of its ops.
func encodeGroup(group []*pending) []byte {
	n := len(groupHead) + 2 + len(group)
	for _, p := range group {
		n += len(p.data)
	}
	buf := bytes.NewBuffer(make([]byte, 0, n))
	buf.WriteString(groupHead)
	for i, p := range group {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(p.data)
	}
	buf.WriteString("]}")
	return buf.Bytes()
}

// isGroup tells a group entry from a single op.
func isGroup(data []byte) bool {
	return bytes.HasPrefix(data, []byte(groupHead))
}

// applyGroup applies the ops of group entry seq (apply.go's applyOps).
// b.mu is held.
func (b *Backend) applyGroup(seq uint64, data []byte, local bool) ([]outcome, error) {
	var g struct {
		Ops []op `json:"ops"`
	}
	if err := json.Unmarshal(data, &g); err != nil || len(g.Ops) == 0 {
		return nil, b.fail(fmt.Errorf("etcdstore: entry %d is not a group of changes (%d decoded): %v: %w", seq, len(g.Ops), err, store.ErrInvalid))
	}
	return b.applyOps(seq, g.Ops, local)
}
