package collector

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"

	"github.com/tidwall/gjson"
)

// source fetches and maps the points of one run into r.acc, setting
// r.notModified when there is nothing new to read.
type source interface {
	pull(ctx context.Context, r *run) error
}

// csvSource reads a CSV body from a URL, streaming.
type csvSource struct {
	url   string
	fetch *fetcher
	m     *csvMapper
}

func (s *csvSource) pull(ctx context.Context, r *run) error {
	v, notModified, err := s.fetch.get(ctx, s.url, r.cond, func(body io.Reader) error {
		r.acc = newAccumulator(s.m.cfg.Aggregate) // a retried attempt starts over
		return s.m.read(body, r.acc)
	})
	r.validators, r.notModified = v, notModified
	return err
}

// jsonSource reads a JSON body from a URL, or pages of one.
type jsonSource struct {
	url   string
	fetch *fetcher
	m     *jsonMapper
}

func (s *jsonSource) pull(ctx context.Context, r *run) error {
	r.acc = newAccumulator("")
	if s.m.cfg.Next == "" && s.m.cfg.Offset == "" {
		v, notModified, err := s.fetch.get(ctx, s.url, r.cond, func(body io.Reader) error {
			b, err := readAllLimited(body)
			if err == nil {
				r.acc = newAccumulator("")
				_, _, err = s.m.read(b, "", r.acc)
			}
			return err
		})
		r.validators, r.notModified = v, notModified
		return err
	}
	return s.pages(ctx, r)
}

// pages reads page after page into one accumulator, up to max_pages.
// Conditional requests are not used: an unchanged first page says nothing
// of the others.
func (s *jsonSource) pages(ctx context.Context, r *run) error {
	cur, err := s.pageURL(s.url, 0)
	for page := 1; cur != "" && err == nil; page++ {
		if page > s.m.cfg.MaxPages {
			return fmt.Errorf("read %s: more than json.max_pages = %d pages: raise it, or narrow the query", s.url, s.m.cfg.MaxPages)
		}
		var root gjson.Result
		var n int
		_, _, err = s.fetch.get(ctx, cur, validators{}, func(body io.Reader) error {
			b, err := readAllLimited(body)
			if err == nil {
				root, n, err = s.m.read(b, fmt.Sprintf("page %d: ", page), r.acc)
			}
			return err
		})
		if err == nil {
			cur, err = s.next(cur, root, page, n)
		}
	}
	return err
}

// next returns the URL of the page after page (from 1) that held n items,
// or "" after the last one.
func (s *jsonSource) next(cur string, root gjson.Result, page, n int) (string, error) {
	cfg := s.m.cfg
	if cfg.Next != "" {
		ref := root.Get(cfg.Next).String()
		if ref == "" {
			return "", nil
		}
		base, _ := url.Parse(cur)
		u, err := base.Parse(ref)
		if err != nil || u.String() == cur {
			return "", fmt.Errorf("read %s: page %d: next page %q is not a new URL", s.url, page, ref)
		}
		return u.String(), nil
	}
	offset := page * cfg.Limit
	total := root.Get(cfg.Total)
	switch {
	case cfg.Total != "" && total.Type != gjson.Number:
		return "", fmt.Errorf("read %s: page %d: no total count at path %q", s.url, page, cfg.Total)
	case n < cfg.Limit || cfg.Total != "" && int64(offset) >= total.Int():
		return "", nil
	}
	return s.pageURL(s.url, offset)
}

// pageURL is the URL of the page at offset, when pages go by offset.
func (s *jsonSource) pageURL(raw string, offset int) (string, error) {
	if s.m.cfg.Offset == "" {
		return raw, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("fetch %s: %w", raw, err)
	}
	q := u.Query()
	q.Set(s.m.cfg.Offset, strconv.Itoa(offset))
	q.Set(s.m.cfg.LimitParam, strconv.Itoa(s.m.cfg.Limit))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
