package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// maxBatchBytes bounds a batch's body well under the daemon's 32 MiB limit,
// whatever the rows' length.
const maxBatchBytes = 8 << 20

func importCommand() command {
	return command{name: "import", short: "import a history from .csv or .json files of any size", args: "[flags] FILE…",
		summary: "Import a history of measurements from .csv or .json files of any size (the formats of push --file),\n" +
			"in batches, with progress, ending with a summary of new, revised, unchanged and rejected points\n" +
			"and where the rejected ones are. A batch refused for invalid rows is sent again without them.",
		run: importFiles}
}

func importFiles(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient := clientFlags(e, fs)
	batch := fs.Int("batch", 5000, "measurements per request")
	mode := fs.String("progress", "auto", "auto (a bar on a terminal, plain lines otherwise), bar, lines or none")
	maxRejects := fs.Int("max-rejects", 50, "rejected rows listed in the summary")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef(fs, "want at least one FILE")
	}
	if *batch < 1 {
		return usagef(fs, "--batch %d: want at least 1", *batch)
	}
	var total int64
	for _, name := range fs.Args() {
		if ext := strings.ToLower(filepath.Ext(name)); ext != ".csv" && ext != ".json" {
			return usagef(fs, "%s: want a .json or .csv file", name)
		}
		fi, err := os.Stat(name)
		if err != nil {
			return err
		}
		total += fi.Size()
	}
	prog, err := newProgress(*mode, e.stderr, total, time.Now)
	if err != nil {
		return usagef(fs, "%v", err)
	}
	imp := &importer{client: newClient(), batch: *batch, progress: prog, maxRejects: *maxRejects}
	start := time.Now()
	for _, name := range fs.Args() {
		if err = imp.file(ctx, name); err != nil {
			break
		}
	}
	prog.finish(imp.done, imp.rows)
	imp.summary(e.stdout, len(fs.Args()), time.Since(start))
	switch {
	case err != nil:
		return err
	case imp.rejected > 0:
		return fmt.Errorf("%d of %d rows rejected", imp.rejected, imp.rows)
	}
	return nil
}

// file imports one file, batch by batch. A file that cannot be read to its
// end (broken quoting, truncated JSON) is an error after what was read is
// sent.
func (imp *importer) file(ctx context.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	r := &countingReader{r: f, n: &imp.done}
	var src importSource
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		src, err = newCSVSource(name, r)
	} else {
		src, err = newJSONSource(name, r)
	}
	if err != nil {
		return err
	}
	for {
		items, readErr := imp.read(src)
		if len(items) > 0 {
			if err := imp.send(ctx, src, items); err != nil {
				return err
			}
		}
		if errors.Is(readErr, io.EOF) {
			return nil
		}
		if readErr != nil {
			return readErr
		}
	}
}

// read reads up to one batch of items.
func (imp *importer) read(src importSource) ([]importItem, error) {
	var items []importItem
	size := 0
	for len(items) < imp.batch && size < maxBatchBytes {
		it, err := src.next()
		if err != nil {
			return items, err
		}
		items = append(items, it)
		size += len(it.raw) + len(it.where)
		for _, f := range it.record {
			size += len(f) + 1
		}
		imp.rows++
	}
	return items, nil
}

// countingReader adds the bytes read to *n, for the progress.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}
