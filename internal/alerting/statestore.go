package alerting

import "github.com/jalonhq/jalon/store"

// StateStore is what alerting keeps its alert states and notification
// outbox in (store.Store's state buckets): read whole at start, then
// changed in batches committed all or nothing, so that an alert's new state
// and the notification it causes are recorded together.
type StateStore interface {
	ListState(bucket store.StateBucket, prefix string, fn func(key string, value []byte) error) error
	UpdateState(changes []store.StateChange) error
	// View reads the arrival of the figures a missed deadline rests on,
	// to tell a miss learned late (settled) from one to page for.
	View(fn func(r store.Reader) error) error
}
