package ingest

import (
	"testing"

	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// benchPipeline wires a pipeline to st and ev as cmd/jalond does.
func benchPipeline(b *testing.B, st *store.Store, ev *evaluator.Evaluator) *Pipeline {
	p, err := NewPipeline(st, ev.Catalog, nil)
	if err != nil {
		b.Fatal(err)
	}
	p.OnWrite(ev.Touch)
	return p
}
