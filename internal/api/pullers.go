package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jalonhq/jalon/internal/collector"
)

// Pullers serves GET /api/v1/pullers: the state of every puller, in
// configuration order.
func (a *API) Pullers(m PullerRunner) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		writeJSON(w, http.StatusOK, pullersWire(m.States()))
	})
}

// RunPuller serves POST /api/v1/pullers/{name}/run (admin): it runs the
// puller at once and answers when the run is over, with the puller's state
// (200), or the run's error (502: the source failed or its data was
// refused). A puller already running is not started again (409); a run
// cut short by a shutdown answers 503.
func (a *API) RunPuller(m PullerRunner) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireAdmin(w, r) {
			return
		}
		name := r.PathValue("name")
		err := m.RunNow(r.Context(), name)
		switch {
		case errors.Is(err, collector.ErrUnknownPuller):
			writeError(w, http.StatusNotFound, fmt.Sprintf("no puller named %q", name))
		case errors.Is(err, collector.ErrRunning):
			writeError(w, http.StatusConflict, fmt.Sprintf("puller %q is running: try again when its run is over", name))
		case errors.Is(err, collector.ErrNotLeader):
			writeError(w, http.StatusServiceUnavailable, err.Error())
		case errors.Is(err, collector.ErrStopped), errors.Is(err, context.Canceled) && r.Context().Err() == nil:
			writeError(w, http.StatusServiceUnavailable, "the pullers have stopped: jalond is shutting down")
		case err != nil:
			// The collector has logged the failure already.
			writeError(w, http.StatusBadGateway, fmt.Sprintf("puller %q failed", name), err.Error())
		default:
			st, _ := m.State(name)
			writeJSON(w, http.StatusOK, pullerWire(st))
		}
	})
}
