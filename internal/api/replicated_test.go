package api

import (
	"testing"

	"github.com/jalonhq/jalon/store"
)

// A revision stored by another replica (straight into the shared store,
// not through this API) is put in force by IndicatorRevised; told again,
// or of an indicator outside the catalog, it publishes nothing new.
func TestIndicatorRevised(t *testing.T) {
	h := newHarness(t, editTokens...)
	h.seedRevision(t, indPercent)
	def, _, _ := h.eval.Catalog().Indicator(indPercent)
	other := *def
	other.Name = "renamed on another replica"
	if _, changed, err := h.store.PutIndicator(store.NewStoredIndicator(other), "ops", "elsewhere"); err != nil || !changed {
		t.Fatalf("PutIndicator = %v, %v", changed, err)
	}
	if err := h.api.IndicatorRevised(indPercent); err != nil {
		t.Fatal(err)
	}
	got, _, ok := h.eval.Catalog().Indicator(indPercent)
	if !ok || got.Name != other.Name {
		t.Fatalf("catalog in force names %s %q, want %q", indPercent, got.Name, other.Name)
	}
	published := h.eval.Catalog()
	for _, id := range []string{indPercent, "not_in_the_catalog"} {
		if err := h.api.IndicatorRevised(id); err != nil {
			t.Errorf("IndicatorRevised(%s) = %v", id, err)
		}
	}
	if h.eval.Catalog() != published {
		t.Errorf("told of revisions already in force, the API published another catalog")
	}
}
