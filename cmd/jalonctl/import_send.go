package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	apiclient "github.com/jalonhq/jalon/client"
	"github.com/jalonhq/jalon/wire"
)

// importer sends batches to the push API and keeps the tally.
type importer struct {
	client     *client
	batch      int
	progress   *progress
	maxRejects int

	done                     int64 // bytes read
	rows                     int
	new, revised, unchanged  int
	rejected, resent, failed int // rows rejected; batches sent again, refused whole
	rejects                  []string
}

// pushAnswer is what POST /api/v1/measurements answered: the tally of a
// batch written, or why it was refused.
type pushAnswer struct {
	wire.PushResult
	refusal wire.Error
}

// send pushes items. A batch refused for invalid items (400 naming them) is
// sent again without them, so that one bad row costs only itself; a batch
// refused whole (forbidden, malformed) counts all its rows as rejected and
// the import goes on. Only a daemon that cannot be reached ends it.
func (imp *importer) send(ctx context.Context, src importSource, items []importItem) error {
	for len(items) > 0 {
		body, contentType, index, err := src.encode(items)
		if err != nil {
			return err
		}
		code, ans, err := imp.post(ctx, body, contentType)
		if err != nil {
			return err
		}
		switch {
		case code == http.StatusOK:
			imp.new, imp.revised, imp.unchanged = imp.new+ans.New, imp.revised+ans.Revised, imp.unchanged+ans.Unchanged
			items = nil
		case code == http.StatusBadRequest && len(ans.refusal.Details) > 0:
			items = imp.dropInvalid(items, index, ans)
			imp.resent++
		default:
			for _, it := range items {
				imp.reject(it.where, ans.refusal.Error)
			}
			imp.failed++
			items = nil
		}
		imp.progress.update(imp.done, imp.rows)
	}
	return nil
}

// dropInvalid rejects the items the daemon named and returns the others; if
// it named none it can be matched with, all are rejected.
func (imp *importer) dropInvalid(items []importItem, index map[string]int, ans pushAnswer) []importItem {
	bad := map[int]bool{}
	for _, d := range ans.refusal.Details {
		where, msg, _ := strings.Cut(d, ": ")
		if i, ok := index[where]; ok && !bad[i] {
			bad[i] = true
			imp.reject(items[i].where, msg)
		}
	}
	if len(bad) == 0 {
		for _, it := range items {
			imp.reject(it.where, ans.refusal.Error)
		}
		return nil
	}
	var keep []importItem
	for i, it := range items {
		if !bad[i] {
			keep = append(keep, it)
		}
	}
	return keep
}

func (imp *importer) tally() tally {
	return tally{written: imp.new + imp.revised + imp.unchanged, rejected: imp.rejected}
}

func (imp *importer) reject(where, msg string) {
	imp.rejected++
	if len(imp.rejects) < imp.maxRejects {
		imp.rejects = append(imp.rejects, where+": "+msg)
	}
}

// post sends one body, trying again after a network error or a 5xx (the
// store may be briefly unable to write), with backoff: 1 s, 2 s, 4 s, 8 s.
func (imp *importer) post(ctx context.Context, body []byte, contentType string) (int, pushAnswer, error) {
	c := imp.client
	var last error
	for attempt, wait := 0, time.Second; attempt < 5; attempt, wait = attempt+1, wait*2 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return 0, pushAnswer{}, ctx.Err()
			case <-time.After(wait / 2):
			}
		}
		res, err := c.api.PushBody(ctx, contentType, bytes.NewReader(body))
		if err == nil {
			return http.StatusOK, pushAnswer{PushResult: res}, nil
		}
		ae, refused := errors.AsType[*apiclient.Error](err)
		te, unsent := errors.AsType[*apiclient.TransportError](err)
		switch {
		case refused && ae.StatusCode >= 500:
			last = fmt.Errorf("POST %s/api/v1/measurements: %s: %s", c.base, ae.Status, ae.Body.Error)
		case refused:
			return ae.StatusCode, pushAnswer{refusal: ae.Body}, nil
		case unsent:
			last = fmt.Errorf("POST %s/api/v1/measurements: %w", c.base, te.Err)
		default:
			return 0, pushAnswer{}, err
		}
	}
	return 0, pushAnswer{}, last
}

// summary writes the tally and where the rejected rows are. begun counts
// the files read, all or in part, of files.
func (imp *importer) summary(w io.Writer, begun, files int, d time.Duration) {
	from := fmt.Sprintf("%d %s", files, plural(files, "file", "files"))
	if begun < files {
		from = fmt.Sprintf("%d of %d files", begun, files)
	}
	fmt.Fprintf(w, "%d %s from %s in %s: %d new, %d revised, %d unchanged, %d rejected\n",
		imp.rows, plural(imp.rows, "row", "rows"), from, d.Round(time.Millisecond), imp.new, imp.revised, imp.unchanged, imp.rejected)
	if imp.resent > 0 {
		fmt.Fprintf(w, "%d %s refused for invalid rows, sent again without them\n", imp.resent, plural(imp.resent, "batch", "batches"))
	}
	if imp.failed > 0 {
		fmt.Fprintf(w, "%d %s refused whole\n", imp.failed, plural(imp.failed, "batch", "batches"))
	}
	if imp.rejected == 0 {
		return
	}
	fmt.Fprintln(w, "Rejected:")
	for _, r := range imp.rejects {
		fmt.Fprintln(w, "  "+r)
	}
	if more := imp.rejected - len(imp.rejects); more > 0 {
		fmt.Fprintf(w, "  … and %d more\n", more)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
