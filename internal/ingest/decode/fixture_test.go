package decode

import (
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/catalogfile"

	"github.com/jalonhq/jalon/indicators"
)

// testNow is the clock the decoded items are checked at.
var testNow = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)

const (
	ind11     = "mes_documents_fed_per_year" // 1-1, no dimensions, rate from monthly counts
	indRegion = "cdri_user_establishments"   // 7-3, count, dimension region
)

// roadmap is the embedded roadmap catalog, which the fuzzed items are
// checked against.
func roadmap(t testing.TB) *indicators.Catalog {
	t.Helper()
	c, err := catalogfile.Embedded()
	if err != nil {
		t.Fatalf("ParseCatalog(seeds) = %v", err)
	}
	return c
}
