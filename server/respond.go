package server

import (
	"encoding/json"
	"net/http"
	"time"
)

// apiError is the body of every error response.
type apiError struct {
	Error   string   `json:"error"`
	Details []string `json:"details,omitempty"`
}

// Deadlines for responses streamed from inside a store read transaction: a
// client that stops reading must not hold the transaction, which would keep
// the writer from growing the file and so stall every write.
const (
	streamDeadline = time.Minute
	backupDeadline = 10 * time.Minute
)

// setWriteDeadline bounds how long the response may take to write.
func setWriteDeadline(w http.ResponseWriter, d time.Duration) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d))
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string, details ...string) {
	writeJSON(w, code, apiError{Error: msg, Details: details})
}
