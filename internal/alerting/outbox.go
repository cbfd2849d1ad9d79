package alerting

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jalonhq/jalon/store"
)

// Notice is one alert as a notification carries it: the webhook body's
// alerts, and what an Alertmanager entry holds until it is sent.
type Notice struct {
	Fingerprint  string            `json:"fingerprint"`
	Status       string            `json:"status"` // "firing" or "resolved"
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt,omitzero"` // the resolve time; absent while firing
	GeneratorURL string            `json:"generatorURL"`
}

// entry is one notification in the outbox, kept in store.StateOutbox under
// "<receiver> <sequence as 16 hex digits>" so that a receiver's entries
// list in the order they were created.
type entry struct {
	ID      string    `json:"id"` // the idempotency key, the same on every attempt
	Created time.Time `json:"created"`
	Status  string    `json:"status"`
	Alerts  []Notice  `json:"alerts"`

	key  string
	fp   uint64 // the alert an Alertmanager entry carries, for coalescing
	gone bool   // delivered, superseded or dropped
	// durable entries are in the store. Only an Alertmanager re-send of an
	// unchanged alert is not (see Manager.commit).
	durable bool
}

// receiver is one destination with its own ordered queue: one URL of an
// Alertmanager notifier, or a webhook.
type receiver struct {
	name   string
	sender sender
	// coalesce: a newer entry for the same alert replaces a waiting one.
	// Alertmanager holds alert states, not events, so the latest version
	// of each alert is exactly what in-order delivery would leave it with.
	coalesce bool

	// Guarded by outbox.mu.
	queue []*entry // in key order; gone entries are skipped
	live  int
	byFP  map[uint64]*entry
	wake  chan struct{}
}

// outbox is the durable queue of notifications, per receiver. An entry is
// written to the store before it is attempted and removed only once its
// receiver answered 2xx.
type outbox struct {
	st      StateStore
	limit   int // most live entries per receiver
	logger  *slog.Logger
	metrics *metrics
	now     func() time.Time

	mu        sync.Mutex
	seq       uint64
	receivers []*receiver
}

func newReceiver(name string, s sender, coalesce bool) *receiver {
	return &receiver{name: name, sender: s, coalesce: coalesce, byFP: map[uint64]*entry{}, wake: make(chan struct{}, 1)}
}

func outboxKey(receiver string, seq uint64) string {
	return fmt.Sprintf("%s %016x", receiver, seq)
}

// load reads the entries left by a previous run. Entries of a receiver no
// longer configured are deleted, loudly.
func (o *outbox) load() error {
	byName := map[string]*receiver{}
	for _, r := range o.receivers {
		byName[r.name] = r
	}
	var orphans []store.StateChange
	err := o.st.ListState(store.StateOutbox, "", func(key string, v []byte) error {
		name, seqHex, _ := strings.Cut(key, " ")
		seq, errSeq := strconv.ParseUint(seqHex, 16, 64)
		e, errDec := decodeEntry(key, v)
		r := byName[name]
		if r == nil || errSeq != nil || errDec != nil {
			o.logger.Error("dropping outbox entry of an unknown receiver or unreadable", "key", key, "err", errDec)
			orphans = append(orphans, store.StateChange{Bucket: store.StateOutbox, Key: key, Delete: true})
			return nil
		}
		o.seq = max(o.seq, seq)
		e.durable = true
		o.push(r, e)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load outbox: %w", err)
	}
	if len(orphans) > 0 {
		if err := o.st.UpdateState(orphans); err != nil {
			return fmt.Errorf("delete orphan outbox entries: %w", err)
		}
	}
	return nil
}

// push appends e to r's queue; o.mu must be held (or o not yet running).
func (o *outbox) push(r *receiver, e *entry) {
	if r.coalesce && len(e.Alerts) == 1 {
		e.fp, _ = strconv.ParseUint(e.Alerts[0].Fingerprint, 16, 64)
		r.byFP[e.fp] = e
	}
	r.queue = append(r.queue, e)
	r.live++
}
