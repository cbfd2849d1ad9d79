package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/jalonhq/jalon/evaluator"
)

// maxCachedExposition bounds the snapshot exposition kept in memory between
// scrapes. Larger expositions (hundreds of thousands of series) are encoded
// again on each scrape and streamed, so that memory stays flat.
const maxCachedExposition = 32 << 20

// metricsHandler serves /metrics: Jalon's own metrics gathered from its
// registry, followed by the snapshot families, which are encoded once per
// snapshot generation and kept both plain and gzipped.
type metricsHandler struct {
	gatherer prometheus.Gatherer
	snapshot func() *evaluator.Snapshot

	mu    sync.Mutex
	gen   uint64
	plain []byte
	gz    []byte
	// limit overrides maxCachedExposition, for tests.
	limit int
	// overflowed is the number of results of the last snapshot too large to
	// cache: a snapshot at least as large is streamed without trying again.
	overflowed int
}

func (h *metricsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := h.snapshot()
	var own bytes.Buffer
	if err := h.gatherOwn(&own); err != nil {
		writeError(w, http.StatusInternalServerError, "gather metrics: "+err.Error())
		return
	}
	gz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	w.Header().Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
	if gz {
		w.Header().Set("Content-Encoding", "gzip")
	}
	plain, zipped, cached := h.cached(s, gz)
	if !cached {
		h.stream(w, own.Bytes(), s, gz)
		return
	}
	if gz {
		// Concatenated gzip members form one valid gzip stream (RFC 1952).
		w.Write(gzipBytes(own.Bytes()))
		w.Write(zipped)
		return
	}
	w.Write(own.Bytes())
	w.Write(plain)
}

func (h *metricsHandler) gatherOwn(buf *bytes.Buffer) error {
	mfs, err := h.gatherer.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

// cached returns the snapshot exposition, encoding it if the generation
// changed; ok is false when it is too large to keep.
func (h *metricsHandler) cached(s *evaluator.Snapshot, wantGzip bool) (plain, gz []byte, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.plain != nil && s.Generation < h.gen {
		// A newer snapshot was encoded meanwhile by another scrape: serve
		// it rather than going back in time.
		return h.plain, h.lazyGzip(wantGzip), true
	}
	if h.plain == nil || h.gen != s.Generation {
		if h.overflowed > 0 && len(s.Results) >= h.overflowed {
			return nil, nil, false
		}
		// The previous exposition's size is a good guess of this one's:
		// growing the buffer from empty would copy it several times.
		size := len(h.plain)
		h.plain, h.gz = nil, nil
		var buf bytes.Buffer
		buf.Grow(size + size/8)
		limit := maxCachedExposition
		if h.limit > 0 {
			limit = h.limit
		}
		if err := encodeSnapshot(&limitedBuffer{&buf, limit}, s); err != nil {
			h.overflowed = len(s.Results)
			return nil, nil, false
		}
		h.gen, h.plain, h.overflowed = s.Generation, buf.Bytes(), 0
	}
	return h.plain, h.lazyGzip(wantGzip), true
}

// lazyGzip compresses the cached exposition when a client first asks for
// it, once per generation. Called with h.mu held.
func (h *metricsHandler) lazyGzip(want bool) []byte {
	if want && h.gz == nil {
		h.gz = gzipBytes(h.plain)
	}
	return h.gz
}

func (h *metricsHandler) stream(w http.ResponseWriter, own []byte, s *evaluator.Snapshot, gz bool) {
	out := http.ResponseWriter(w)
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(w)
		defer zw.Close()
		out = gzipResponse{w, zw}
	}
	out.Write(own)
	// The status line is already sent; an error here can only cut the body,
	// which Prometheus reports as a failed scrape.
	encodeSnapshot(out, s)
}

type gzipResponse struct {
	http.ResponseWriter
	zw *gzip.Writer
}

func (g gzipResponse) Write(p []byte) (int, error) { return g.zw.Write(p) }

func gzipBytes(p []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(p)
	zw.Close()
	return buf.Bytes()
}

// limitedBuffer refuses writes past a size, ending an encoding that would be
// too large to cache.
type limitedBuffer struct {
	buf   *bytes.Buffer
	limit int
}

var errTooLarge = errors.New("exposition too large to cache")

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.buf.Len()+len(p) > l.limit {
		return 0, errTooLarge
	}
	return l.buf.Write(p)
}
