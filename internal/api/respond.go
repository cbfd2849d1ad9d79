package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

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

// writeJSON answers code with v in JSON. v is encoded in full before the
// status goes out: a value that cannot be encoded gets a 500 with a JSON
// error, and the failure is noted for Instrument to log, where writing the
// status first answered 200 with an empty body.
func writeJSON(w http.ResponseWriter, code int, v any) {
	body, err := encodeJSON(v)
	if err != nil {
		noteFailure(w, fmt.Errorf("encode response: %w", err))
		code = http.StatusInternalServerError
		body, _ = encodeJSON(wire.Error{Error: "encode response: " + err.Error() +
			"; this is a bug in Jalon: report it with jalond's log"})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	w.Write(body)
}

// encodeJSON encodes v as writeJSON sends it: no HTML escaping, a final
// newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

func writeError(w http.ResponseWriter, code int, msg string, details ...string) {
	writeJSON(w, code, wire.Error{Error: msg, Details: details})
}

// failureNoter is a response writer that records why a handler failed
// after the fact, for the middleware that owns the logger (Instrument).
type failureNoter interface{ noteFailure(err error) }

// noteFailure hands err to the first failureNoter among w and the writers
// it wraps; without one the failure shows only in the status.
func noteFailure(w http.ResponseWriter, err error) {
	for {
		switch x := w.(type) {
		case failureNoter:
			x.noteFailure(err)
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return
		}
	}
}

// streamOut is the writer under a streamed response's buffer: it counts
// the bytes that reached the client and keeps the error that stopped them.
type streamOut struct {
	w   io.Writer
	n   int64
	err error
}

func (s *streamOut) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.n += int64(n)
	if err != nil && s.err == nil {
		s.err = err
	}
	return n, err
}

// failStream ends a streamed response that stopped on err, msg and attrs
// saying what was being read. A client that went away is no failure of
// Jalon's: one line at debug level. With nothing sent yet, the buffered
// part is dropped and the client is told why. Once part of the body is
// out, the connection is cut (no final chunk), so that the client sees an
// incomplete response rather than a well-formed truncated one.
func (a *API) failStream(w http.ResponseWriter, r *http.Request, out *streamOut, bw *bufio.Writer, err error, msg string, attrs ...any) {
	attrs = append(attrs, "err", err)
	switch {
	case out.err != nil || r.Context().Err() != nil:
		a.logger.Debug("client went away", append(attrs, "during", msg)...)
		return
	case out.n == 0:
		a.logger.Error(msg, attrs...)
		bw.Reset(out)
		w.Header().Del("Content-Disposition")
		writeStoreError(w, err)
		return
	}
	a.logger.Error(msg, append(attrs, "bytes", out.n)...)
	panic(http.ErrAbortHandler)
}

// writeStoreError answers a read that the store could not serve.
func writeStoreError(w http.ResponseWriter, err error) {
	if errors.Is(err, store.ErrClosed) {
		w.Header().Set("Retry-After", "10")
		writeError(w, http.StatusServiceUnavailable, "store closed: jalond is stopping; retry once it has restarted")
		return
	}
	writeError(w, http.StatusServiceUnavailable, "store unavailable: "+err.Error()+
		"; jalond's log says why (a full disk, a damaged file): fix that, then retry")
}
