package api

import (
	"fmt"
	"reflect"

	"github.com/jalonhq/jalon/store"
)

// IndicatorRevised puts in force the definition of indicator id that the
// store now holds, when another replica sharing the store revised it (a
// target edit through its API, or its catalog files). It reads the store
// rather than take a definition from the caller: under the same lock as
// PutIndicator, so that the catalog published is the store's latest
// whatever the order in which edits here and there are told. An indicator
// outside this replica's catalog is left alone.
func (a *API) IndicatorRevised(id string) error {
	a.edits.Lock()
	defer a.edits.Unlock()
	cat := a.eval.Catalog()
	cur, _, found := cat.Indicator(id)
	if !found {
		return nil
	}
	revs, err := a.store.Revisions(id)
	if err != nil {
		return fmt.Errorf("read the revisions of indicator %s: %w", id, err)
	}
	if len(revs) == 0 {
		return nil
	}
	last := revs[0]
	for _, r := range revs[1:] {
		if r.Rev > last.Rev {
			last = r
		}
	}
	if reflect.DeepEqual(store.NewStoredIndicator(*cur), last.Definition) {
		return nil
	}
	a.eval.SetCatalog(withIndicator(cat, last.Definition.Indicator()))
	a.logger.Info("indicator targets changed by another replica", "indicator", id, "revision", last.Rev, "actor", last.Actor)
	return nil
}
