package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/jalonhq/jalon/store"
)

func storeCommand() command {
	return command{name: "store", summary: "offline maintenance of a data directory", sub: []command{
		{name: "repair", short: "make a damaged write-ahead log open again, keeping every intact record", args: "DIR", run: storeRepair,
			summary: "Repair the write-ahead log of the data directory DIR (<storage.path>) with jalond stopped:\n" +
				"replay every intact record into DIR/jalon.db, move the log's segments aside into\n" +
				"DIR/jalon.db-wal.damaged-<time>/ (never deleted), and say what was kept and lost.\n" +
				"A store whose log is missing (a restored backup) is accepted as it is. A damaged\n" +
				"jalon.db cannot be repaired: restore the backup, then run repair again.\n" +
				"Exit status 0 once repaired or with nothing to do, 1 otherwise."},
		{name: "copy", short: "copy the record between a store file and etcd, both ways, and verify it", args: "--from FROM --to TO",
			run: storeCopy, summary: storeCopySummary},
	}}
}

func storeRepair(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef(fs, "want one DIR, got %d arguments", fs.NArg())
	}
	// jalond's file name in <storage.path>.
	path := filepath.Join(fs.Arg(0), "jalon.db")
	rep, err := store.Repair(path, store.Options{})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%w: stop jalond first, then run the repair again", err)
	}
	if err != nil {
		return err
	}
	return printRepair(e.stdout, path, rep)
}

// printRepair says what the repair of the store at path found and did.
func printRepair(w io.Writer, path string, rep store.RepairReport) error {
	p := &errWriter{w: w}
	switch {
	case rep.NoStore:
		p.printf("%s: nothing to repair: no store file here\n", path)
		return p.err
	case rep.LogMissing:
		p.printf("%s: the write-ahead log was missing: the store file is accepted as it is, with the records up to %d; writes logged after them, if any, are lost\n", path, rep.Applied)
		return p.err
	case !rep.Repaired():
		p.printf("%s: nothing to repair: the write-ahead log opens as it is\n", path)
		if rep.Torn != nil {
			p.printf("  incomplete last record (a write cut short by a crash, never acknowledged): %s bytes %d-%d, removed at the next start\n",
				rep.Torn.Segment, rep.Torn.From, rep.Torn.To)
		}
		return p.err
	}
	p.printf("%s: write-ahead log repaired; the store file held the records up to %d\n", path, rep.Applied)
	p.printf("  kept: %d records (%d points), replayed into the store file\n", rep.Kept, rep.KeptPoints)
	p.printf("  lost: %d records%s\n", len(rep.Lost), seqList(rep.Lost))
	if rep.LostUnknown {
		p.printf("  lost: the records after %d in the damaged bytes at the end of the log, if any: how many is unknown\n", rep.LostAfter)
	}
	for _, d := range rep.Damaged {
		p.printf("  damaged: segment %s bytes %d-%d: %s\n", d.Segment, d.From, d.To, d.Reason)
	}
	if rep.Torn != nil {
		p.printf("  incomplete last record (a write cut short by a crash, never acknowledged): segment %s bytes %d-%d\n",
			rep.Torn.Segment, rep.Torn.From, rep.Torn.To)
	}
	p.printf("  segments moved to %s (nothing deleted)\n", rep.MovedTo)
	return p.err
}

// seqList spells sequence numbers for a message, runs as ranges.
func seqList(seqs []uint64) string {
	if len(seqs) == 0 {
		return ""
	}
	s := " (numbers "
	for i := 0; i < len(seqs); {
		j := i
		for j+1 < len(seqs) && seqs[j+1] == seqs[j]+1 {
			j++
		}
		if i > 0 {
			s += ", "
		}
		if j == i {
			s += fmt.Sprint(seqs[i])
		} else {
			s += fmt.Sprintf("%d to %d", seqs[i], seqs[j])
		}
		i = j + 1
	}
	return s + ")"
}

// errWriter keeps the first write error, so that a report is checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (p *errWriter) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}
