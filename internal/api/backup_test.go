package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestBackupOfClosedStore asks for a backup the store cannot give: the
// answer says so, rather than being an empty copy.
func TestBackupOfClosedStore(t *testing.T) {
	h := newHarness(t)
	h.store.Close()
	w := h.do(t, "GET", "/api/v1/admin/backup", "", "")
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), `"error":"store: `) ||
		w.Header().Get("Content-Disposition") != "" {
		t.Errorf("GET /api/v1/admin/backup of a closed store = %d %q (%v), want 503 with the store's error", w.Code, w.Body, w.Header())
	}
}
