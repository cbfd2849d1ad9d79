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
	c, err := newClient()
	if err != nil {
		return err
	}
	imp := &importer{client: c, batch: *batch, progress: prog, maxRejects: *maxRejects}
	start := time.Now()
	begun := 0
	for i, name := range fs.Args() {
		begun++
		if err = imp.file(ctx, name); err != nil {
			if stop, ok := errors.AsType[*importStop](err); ok {
				stop.rest = fs.Args()[i+1:]
			}
			break
		}
	}
	prog.finish(imp.done, imp.rows)
	imp.summary(e.stdout, begun, len(fs.Args()), time.Since(start))
	switch {
	case err != nil:
		return err
	case imp.rejected > 0:
		return fmt.Errorf("%d of %d rows rejected", imp.rejected, imp.rows)
	}
	return nil
}

// file imports one file, batch by batch. A file that cannot be read to its
// end (broken quoting, truncated JSON) stops the import after what was read
// is sent, as does a daemon that cannot be reached: the *importStop error
// says what of the file was sent.
func (imp *importer) file(ctx context.Context, name string) error {
	start := imp.tally()
	stop := func(err error) error {
		s := &importStop{err: err, name: name, sent: imp.tally().minus(start)}
		if re, ok := errors.AsType[*readError](err); ok {
			s.line = re.line
		}
		return s
	}
	f, err := os.Open(name)
	if err != nil {
		return stop(err)
	}
	defer f.Close()
	src, err := openSource(name, &countingReader{r: f, n: &imp.done})
	if err != nil {
		return stop(err)
	}
	for {
		items, readErr := imp.read(src)
		if len(items) > 0 {
			before := imp.tally()
			if err := imp.send(ctx, src, items); err != nil {
				cause := stopDaemon
				if ctx.Err() != nil {
					cause, err = stopInterrupted, fmt.Errorf("import interrupted: %w", err)
				}
				return &importStop{err: err, name: name, line: items[0].line, sent: before.minus(start), cause: cause}
			}
		}
		if errors.Is(readErr, io.EOF) {
			return nil
		}
		if readErr != nil {
			return stop(readErr)
		}
	}
}

// openSource reads the header of the file name, by its extension.
func openSource(name string, r io.Reader) (importSource, error) {
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		return newCSVSource(name, r)
	}
	return newJSONSource(name, r)
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
		imp.rows++
		items = append(items, it)
		size += len(it.raw) + len(it.where)
		for _, f := range it.record {
			size += len(f) + 1
		}
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
