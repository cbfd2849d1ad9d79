package alerting

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// faultTransport is an in-memory HTTP peer for tests in a synctest bubble,
// where real sockets would keep the fake clock from advancing. Before each
// request, fault decides what happens: serve it, refuse the connection, or
// hang until the client gives up (after serving it, if served is true: the
// receiver got the notification but its answer was lost).
type faultTransport struct {
	handler http.Handler
	mu      sync.Mutex
	fault   func() fault
}

type fault int

const (
	serve fault = iota
	refuse
	hang
	serveThenHang
	fail500
)

func (ft *faultTransport) setFault(f func() fault) {
	ft.mu.Lock()
	ft.fault = f
	ft.mu.Unlock()
}

func (ft *faultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ft.mu.Lock()
	f := serve
	if ft.fault != nil {
		f = ft.fault()
	}
	ft.mu.Unlock()
	rec := httptest.NewRecorder()
	switch f {
	case refuse:
		return nil, errors.New("dial tcp 127.0.0.1:9: connect: connection refused")
	case fail500:
		rec.WriteHeader(http.StatusInternalServerError)
		io.WriteString(rec, "boom")
		return rec.Result(), nil
	case serveThenHang:
		ft.handler.ServeHTTP(rec, req)
		fallthrough
	case hang:
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	ft.handler.ServeHTTP(rec, req)
	return rec.Result(), nil
}
