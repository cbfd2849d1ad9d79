package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/jalonhq/jalon/wire"
)

// Error is an answer other than 2xx. Body is jalond's error body; an
// answer that is not (a proxy's page, a path that is not a route) has
// FromJalond false and its text, trimmed, in Body.Error.
type Error struct {
	Method string
	// Path is the request's path and query, without the base URL.
	Path       string
	StatusCode int
	// Status is the status line's text, such as "404 Not Found".
	Status     string
	Body       wire.Error
	FromJalond bool
}

// Error says the request, the status and jalond's message, then each
// detail on a line of its own.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s: %s", e.Method, e.Path, e.Status, e.Body.Error)
	for _, d := range e.Body.Details {
		b.WriteString("\n  " + d)
	}
	return b.String()
}

// maxErrorBody bounds the error body read: a push of many bad items is
// answered with at most a thousand details.
const maxErrorBody = 1 << 20

func newError(method, path string, resp *http.Response) *Error {
	e := &Error{Method: method, Path: path, StatusCode: resp.StatusCode, Status: resp.Status}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e.FromJalond = json.Unmarshal(data, &e.Body) == nil && e.Body.Error != ""
	if !e.FromJalond {
		e.Body = wire.Error{Error: strings.TrimSpace(string(data))}
	}
	return e
}

// TransportError is a request that got no answer: the daemon is down or
// unreachable, the connection broke, the time ran out.
type TransportError struct {
	Method, Path string
	// Err is why, without the URL that url.Error repeats.
	Err     error
	timeout bool
}

func (e *TransportError) Error() string { return e.Method + " " + e.Path + ": " + e.Err.Error() }
func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the request ran out of time (Options.Timeout).
func (e *TransportError) Timeout() bool { return e.timeout }

func newTransportError(method, path string, err error) *TransportError {
	te := &TransportError{Method: method, Path: path, Err: err}
	var ue *url.Error
	if errors.As(err, &ue) {
		te.Err, te.timeout = ue.Err, ue.Timeout()
	}
	return te
}
