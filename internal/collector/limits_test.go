package collector

import (
	"fmt"
	"strings"
	"testing"
)

// TestPullBeyondValueLimits pulls a row beyond the largest value Jalon
// evaluates: the run is refused with the limit, as a push would be, and
// nothing is stored (issue 10).
func TestPullBeyondValueLimits(t *testing.T) {
	dir := t.TempDir()
	writeDrop(t, dir, "export.csv", "mois,systeme,documents\n2025-01,dmp,10000000\n2025-02,dmp,2000000000000000\n", 1)
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(dropPuller, dir))
	_, err := runNow(t, m, "drop")
	if err == nil || !strings.Contains(err.Error(), "value 2e+15 is above 1e+15, the largest value Jalon evaluates, unit per_year") {
		t.Errorf("RunNow = %v, want the row refused with the limit", err)
	}
	equalLines(t, "stored points", h.stored(t, "mes_documents_fed_per_year"), nil)
}
