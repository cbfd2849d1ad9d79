package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func backupCommand() command {
	return command{name: "backup", short: "save a consistent copy of the data file (admin)", args: "[flags] FILE",
		summary: "Save a consistent copy of the daemon's data file to FILE (admin scope).\nTo restore, stop jalond, put FILE in place as <storage.path>/jalon.db, delete\n<storage.path>/jalon.db-wal/ (the log of the file it replaces), and start jalond.\nFrom a replica on etcd, FILE is a backup of the record (its first line says\n\"jalon etcd snapshot v2\"): restore it with jalonctl store copy --from FILE.",
		run:     backup}
}

func backup(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient := clientFlags(e, fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef(fs, "want one FILE, got %d arguments", fs.NArg())
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	body, err := c.api.Backup(ctx)
	if err != nil {
		return c.explain(err)
	}
	defer body.Close()
	n, err := writeFileAtomic(fs.Arg(0), body)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s: %d bytes\n", fs.Arg(0), n)
	return err
}

// writeFileAtomic writes r to path through a temporary file that is synced
// and renamed, so that a cut transfer never leaves a truncated backup under
// the final name.
func writeFileAtomic(path string, r io.Reader) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	return n, os.Rename(tmp.Name(), path)
}
