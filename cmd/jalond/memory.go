package main

import (
	"log/slog"

	"github.com/jalonhq/jalon/store"
)

// releaseStartup gives back the memory that only the start-up load needed.
// Loading read every series' recent points and every alert state through
// the store's memory map; those pages stayed mapped, counted in resident
// memory (RssFile), although nothing reads them again until the series are
// written to.
func releaseStartup(st *store.Store, logger *slog.Logger) {
	if err := st.ReleaseMapped(); err != nil {
		logger.Warn("release store pages read at start-up", "err", err)
	}
}
