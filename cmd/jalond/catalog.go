package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

// catalogActor marks revisions that come from catalog files, as opposed to
// targets changed through the API.
const catalogActor = "catalog"

// loadCatalog reads the embedded and configured catalog files and reconciles
// them with the store: a target changed in a file becomes a new revision; a
// target changed through the API since stays in force until the file
// changes it again. The catalog returned is the one in force.
func loadCatalog(cfg *config.Daemon, st store.Backend, logger *slog.Logger) (*indicators.Catalog, error) {
	var srcs []tomlcheck.Source
	if cfg.EmbeddedCatalog {
		srcs = embeddedSources()
	}
	files, err := catalogfile.LoadCatalogFiles(cfg.CatalogFiles...)
	if err != nil {
		return nil, err
	}
	srcs = append(srcs, files...)
	if len(srcs) == 0 {
		return nil, fmt.Errorf("no catalog: the embedded catalog is disabled and no catalog_files are configured")
	}
	c, warnings, err := catalogfile.ParseCatalogWarnings(srcs...)
	if err != nil {
		return nil, err
	}
	// An override may legitimately drop indicators or change their kind;
	// the log says so, as jalonctl catalog check does.
	for _, w := range warnings {
		logger.Warn("catalog override", "file", w.File, "line", w.Line, "key", w.Key, "msg", w.Msg)
	}
	stored, err := st.Indicators()
	if err != nil {
		return nil, fmt.Errorf("read stored catalog: %w", err)
	}
	changed := 0
	for oi := range c.Objectives {
		for ii := range c.Objectives[oi].Indicators {
			ind := &c.Objectives[oi].Indicators[ii]
			inForce, fromFile, err := reconcile(st, stored, *ind)
			if err != nil {
				return nil, err
			}
			if fromFile {
				changed++
			}
			*ind = inForce
		}
	}
	counts := c.Count()
	logger.Info("catalog loaded", "objectives", counts.Objectives, "indicators", counts.Indicators, "new_revisions", changed)
	return c, nil
}

// reconcile returns the definition in force for one indicator of the files.
func reconcile(st store.Backend, stored map[string]store.Revision, ind indicators.Indicator) (indicators.Indicator, bool, error) {
	def := store.NewStoredIndicator(ind)
	last, ok := stored[ind.ID]
	if ok && last.Actor != catalogActor {
		fileRev, err := lastFileRevision(st, ind.ID)
		if err != nil {
			return ind, false, err
		}
		if fileRev != nil && equalDefinitions(fileRev.Definition, def) {
			// The file is unchanged since an API edit: the edit stays.
			return last.Definition.Indicator(), false, nil
		}
	}
	_, changed, err := st.PutIndicator(def, catalogActor, "catalog file")
	if err != nil {
		return ind, false, err
	}
	return ind, changed, nil
}

func lastFileRevision(st store.Backend, id string) (*store.Revision, error) {
	revs, err := st.Revisions(id)
	if err != nil {
		return nil, fmt.Errorf("read revisions of %s: %w", id, err)
	}
	sort.Slice(revs, func(i, j int) bool { return revs[i].Rev > revs[j].Rev })
	for i := range revs {
		if revs[i].Actor == catalogActor {
			return &revs[i], nil
		}
	}
	return nil, nil
}

// equalDefinitions compares two stored definitions by their encoding, which
// StoredIndicator keeps canonical (UTC times, copied slices).
func equalDefinitions(a, b store.StoredIndicator) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
