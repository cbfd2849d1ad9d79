package collector

import (
	"context"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/store"
)

// Pipeline is the way in the collector hands its points to
// (ingest.Pipeline): the checks of every push, then one atomic write.
type Pipeline interface {
	Check(items []ingest.Item, now time.Time) ([]indicators.Measurement, []ingest.Problem)
	Write(ctx context.Context, ms []indicators.Measurement, actor, via string) (store.WriteResult, error)
}

// StateStore is where the collector keeps each puller's state, one value
// per puller name in store.StateCollectors (store.Store's state buckets).
type StateStore interface {
	GetState(bucket store.StateBucket, key string) ([]byte, error)
	PutState(bucket store.StateBucket, key string, value []byte) error
}
