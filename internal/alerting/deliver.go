package alerting

import (
	"context"
	"time"

	"github.com/jalonhq/jalon/store"
)

// sender delivers notifications to one receiver. The two implementations
// are the Alertmanager API and the webhook.
type sender interface {
	// send delivers a batch; it returns nil only on a 2xx answer.
	send(ctx context.Context, batch []*entry) error
	// batchSize is the most entries one request carries.
	batchSize() int
}

// backoff is the wait between attempts at one receiver: doubling from min,
// capped at max, so that a receiver back after an hour's outage is retried
// within max and then drained at full speed.
type backoff struct{ min, max time.Duration }

func (b backoff) after(failures int) time.Duration {
	d := b.min
	for i := 1; i < failures && d < b.max; i++ {
		d *= 2
	}
	return min(d, b.max)
}

// deliver sends r's entries in order until ctx is done: the head of the
// queue is retried until its receiver takes it, so nothing behind it
// overtakes it.
func (o *outbox) deliver(ctx context.Context, r *receiver, b backoff) {
	failures := 0
	for {
		batch := o.head(r)
		if len(batch) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-r.wake:
				continue
			}
		}
		err := r.sender.send(ctx, batch)
		if ctx.Err() != nil {
			return // stopping: the entries stay in the store for the next run
		}
		if err == nil {
			failures = 0
			o.done(r, batch)
			continue
		}
		failures++
		wait := b.after(failures)
		o.metrics.failed.WithLabelValues(r.name).Add(float64(len(batch)))
		o.logger.Warn("notification failed", "receiver", r.name, "attempt", failures, "retry_in", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// head returns the oldest live entries of r, at most a batch.
func (o *outbox) head(r *receiver) []*entry {
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(r.queue) > 0 && r.queue[0].gone {
		r.queue[0] = nil
		r.queue = r.queue[1:]
	}
	var batch []*entry
	for _, e := range r.queue {
		if len(batch) == r.sender.batchSize() {
			break
		}
		if !e.gone {
			batch = append(batch, e)
		}
	}
	return batch
}

// done removes delivered entries, from the store first: an entry removed
// from memory but not from the store is only sent again after a restart,
// which at-least-once delivery allows.
func (o *outbox) done(r *receiver, batch []*entry) {
	now := o.now()
	var changes []store.StateChange
	for _, e := range batch {
		changes = appendDelete(changes, e)
	}
	if len(changes) > 0 {
		if err := o.st.UpdateState(changes); err != nil {
			o.logger.Error("remove delivered notifications", "receiver", r.name, "err", err)
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, e := range batch {
		o.metrics.latency.WithLabelValues(r.name).Observe(now.Sub(e.Created).Seconds())
		if !e.gone {
			o.remove(r, e)
		}
	}
	o.metrics.sent.WithLabelValues(r.name).Add(float64(len(batch)))
}
