package main

import (
	"log/slog"
	"runtime/debug"

	"github.com/jalonhq/jalon/store"
)

// releaseStartup gives back the memory that only the start-up load needed,
// once the daemon is ready so that readiness does not wait for it.
//
// Loading read every series' recent points and every alert state through
// the store's memory map; those pages stayed mapped, counted in resident
// memory (RssFile), although nothing reads them again until the series are
// written to. And the load's garbage (the series list, the growing index)
// took the heap to about twice its live size, which the runtime would
// return to the system only over minutes: a forced collection returns it
// at once (with 100 000 series, RssAnon at ready falls from 78 to 70 MiB),
// for one collection's work.
//
// A backend without a memory map of its own (etcd's: its local copy
// releases nothing yet) skips the first step.
func releaseStartup(st store.Backend, logger *slog.Logger) {
	if m, ok := st.(interface{ ReleaseMapped() error }); ok {
		if err := m.ReleaseMapped(); err != nil {
			logger.Warn("release store pages read at start-up", "err", err)
		}
	}
	debug.FreeOSMemory()
}
