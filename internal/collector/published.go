package collector

import (
	"bytes"
	"fmt"
	"time"

	"github.com/tidwall/gjson"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/ingest"
)

// publishedColumns are the indexes of the start, qualifier and source URL
// columns of a CSV body, -1 for a column the puller does not map.
type publishedColumns struct{ start, qualifier, sourceURL int }

// publishedColumns finds the mapped columns with index, which records the
// missing ones.
func (m *csvMapper) publishedColumns(index func(string) int) publishedColumns {
	at := func(name string) int {
		if name == "" {
			return -1
		}
		return index(name)
	}
	pc := m.cfg.Published
	return publishedColumns{start: at(pc.Start), qualifier: at(pc.Qualifier), sourceURL: at(pc.SourceURL)}
}

func (c publishedColumns) need() int { return 1 + max(c.start, c.qualifier, c.sourceURL) }

// read returns the row's published fields; the catalog's checks (ingest)
// judge the qualifier and URL.
func (c publishedColumns) read(rec [][]byte, cfg config.Published) (ingest.Published, error) {
	var p ingest.Published
	cell := func(i int) string {
		if i < 0 {
			return ""
		}
		return string(bytes.TrimSpace(rec[i]))
	}
	p.Qualifier, p.SourceURL = cell(c.qualifier), cell(c.sourceURL)
	var err error
	if p.Start, err = startOf(cell(c.start)); err != nil {
		return p, fmt.Errorf("column %q: %w", cfg.Start, err)
	}
	return p, nil
}

// publishedAt returns the published fields of a JSON point or item.
func publishedAt(r gjson.Result, cfg config.Published) (ingest.Published, error) {
	var p ingest.Published
	str := func(path string) string {
		if path == "" {
			return ""
		}
		return r.Get(path).String()
	}
	p.Qualifier, p.SourceURL = str(cfg.Qualifier), str(cfg.SourceURL)
	var err error
	if p.Start, err = startOf(str(cfg.Start)); err != nil {
		return p, fmt.Errorf("start: %w", err)
	}
	return p, nil
}

// startOf reads a start: a YYYY-MM-DD date (midnight UTC) or an RFC 3339
// time; "" is none.
func startOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%q is neither a YYYY-MM-DD date nor an RFC 3339 time", s)
	}
	return t, nil
}
