package store

import (
	"context"
	"errors"
	"testing"

	"github.com/jalonhq/jalon/indicators"
)

// endedContext has ended, but its Done channel never fires: a call that
// looks only at Done, as a racing select might, misses the end, while one
// that checks Err before queueing does not.
type endedContext struct{ context.Context }

func (endedContext) Done() <-chan struct{} { return nil }
func (endedContext) Err() error            { return context.Canceled }

// A deletion asked with a context that has already ended removes nothing.
// It used to race: when the writer took the request before Delete saw the
// context's end, the series was removed and Delete returned nil.
func TestDeleteEndedContext(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(0), 1)}, "test"); err != nil {
		t.Fatal(err)
	}
	ctx := endedContext{context.Background()}
	if _, err := s.Delete(ctx, []Target{{Indicator: "x"}}, "mistake", "admin"); !errors.Is(err, context.Canceled) {
		t.Errorf("Delete(ended context) = %v, want context.Canceled", err)
	}
	if _, err := s.SeriesID("x", nil); err != nil {
		t.Errorf("after Delete(ended context), SeriesID(x) = %v, want the series kept", err)
	}
}
