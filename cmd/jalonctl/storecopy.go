package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
	"github.com/jalonhq/jalon/store/storecmp"
)

const storeCopySummary = "Copy the whole record from one backend to another, then verify the copy by\n" +
	"comparing every series, every point (with its source, details and arrival), every\n" +
	"series deleted whole, the whole audit log (every revision and deletion), every\n" +
	"revision of every indicator and every entry of every state bucket.\n\n" +
	"FROM and TO are each either a store file (<storage.path>/jalon.db, jalond\n" +
	"stopped) or etcd:CONFIG, the record on etcd that the jalond configuration file\n" +
	"CONFIG names ([storage] backend = \"etcd\": endpoints, prefix, TLS, auth).\n" +
	"FROM may also be a backup taken on etcd (jalonctl backup, or GET /api/v1/admin/backup,\n" +
	"on a replica on etcd): copying it restores it, into a new file or prefix.\n" +
	"A store file TO must not exist; an etcd TO must be an unused prefix (name a new\n" +
	"prefix in CONFIG). Copying from etcd copies the record as of the last entry when\n" +
	"the copy starts: stop the replicas' writes first, or later writes are not in it.\n" +
	"Progress goes to stderr, the summary to stdout. Exit status 0 once copied and\n" +
	"verified equal, 1 with the first difference or failure named."

// copyTimeout bounds the whole copy and comparison.
const copyTimeout = 6 * time.Hour

func storeCopy(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	from := fs.String("from", "", "the record to copy: a store file, or etcd:CONFIG")
	to := fs.String("to", "", "where to copy it: a new store file, or etcd:CONFIG naming an unused prefix")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() != 0 {
		return usagef(fs, "want --from and --to and no arguments")
	}
	ctx, cancel := context.WithTimeout(ctx, copyTimeout)
	defer cancel()
	tmp, err := os.MkdirTemp("", "jalonctl-copy-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	src, err := openCopyEnd(ctx, *from, tmp+"/from")
	if err != nil {
		return fmt.Errorf("--from %s: %w", *from, err)
	}
	defer src.close()
	// The source as a store file: its Backup, or the etcd replica's
	// local copy as of its last entry. The comparison reads this frozen
	// copy, so that writes to a live source do not count as differences.
	frozen := tmp + "/source.db"
	f, err := os.Create(frozen)
	if err != nil {
		return err
	}
	if src.etcd != nil {
		var seq uint64
		seq, _, err = src.etcd.CopyLocal(f)
		fmt.Fprintf(e.stderr, "source: %s as of entry %d\n", *from, seq)
	} else {
		if src.about != "" {
			fmt.Fprintf(e.stderr, "source: %s, %s\n", *from, src.about)
		}
		_, err = src.bolt.Backup(f, nil)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("--from %s: read the record: %w", *from, err)
	}
	srcCopy, err := store.Open(frozen, store.Options{})
	if err != nil {
		return err
	}
	defer srcCopy.Close()

	dst, err := createCopyEnd(ctx, *to, frozen, tmp+"/to")
	if err != nil {
		return fmt.Errorf("--to %s: %w", *to, err)
	}
	defer dst.close()
	fmt.Fprintf(e.stderr, "copied; comparing\n")
	start := time.Now()
	counts, err := storecmp.Compare(srcCopy, dst.source(), func(part string, c storecmp.Counts) {
		fmt.Fprintf(e.stderr, "compared %s: %d series, %d points, %d audit entries (%s)\n", part, c.Series, c.Points, c.AuditEntries, time.Since(start).Round(time.Second))
	})
	if err != nil {
		return fmt.Errorf("the copy in %s differs from %s: %w (A is the source, B the copy: delete the copy and report it)", *to, *from, err)
	}
	_, err = fmt.Fprintf(e.stdout, "%s -> %s: copied and verified: %s\n", *from, *to, counts)
	return err
}

// copyEnd is a store file or an etcd record, open.
type copyEnd struct {
	bolt  *store.Store
	etcd  *etcdstore.Backend
	close func() error
	about string // what a source is, when its name does not say
}

func (c *copyEnd) source() storecmp.Source {
	if c.etcd != nil {
		return c.etcd
	}
	return c.bolt
}

// openCopyEnd opens an existing record named as --from is.
func openCopyEnd(ctx context.Context, name, dir string) (*copyEnd, error) {
	if cfg, ok := strings.CutPrefix(name, "etcd:"); ok {
		cli, opts, err := etcdOptions(cfg, dir)
		if err != nil {
			return nil, err
		}
		b, err := etcdstore.Open(ctx, opts)
		if err != nil {
			cli.Close()
			return nil, err
		}
		return &copyEnd{etcd: b, close: func() error { return errors.Join(b.Close(), cli.Close()) }}, nil
	}
	if _, err := os.Stat(name); err != nil {
		return nil, fmt.Errorf("no store file here (%w): name jalond's <storage.path>/jalon.db, a backup, or etcd:CONFIG", err)
	}
	// A backup taken on etcd: storecopy_backup.go.
	if st, seq, ok, err := openBackupFile(name, dir+".db"); err != nil {
		return nil, err
	} else if ok {
		return &copyEnd{bolt: st, close: st.Close, about: fmt.Sprintf("a backup of the etcd backend as of entry %d", seq)}, nil
	}
	st, err := store.Open(name, store.Options{})
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("%w: stop jalond first, then copy again", err)
	}
	if err != nil {
		return nil, err
	}
	return &copyEnd{bolt: st, close: st.Close}, nil
}

// createCopyEnd makes the record name from the store file frozen.
func createCopyEnd(ctx context.Context, name, frozen, dir string) (*copyEnd, error) {
	in, err := os.Open(frozen)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	if cfg, ok := strings.CutPrefix(name, "etcd:"); ok {
		cli, opts, err := etcdOptions(cfg, dir)
		if err != nil {
			return nil, err
		}
		b, err := etcdstore.Seed(ctx, opts, in)
		if err != nil {
			cli.Close()
			return nil, err
		}
		return &copyEnd{etcd: b, close: func() error { return errors.Join(b.Close(), cli.Close()) }}, nil
	}
	if _, err := os.Stat(name); err == nil {
		return nil, fmt.Errorf("%s exists: copy into a new file (the copy never overwrites a store)", name)
	}
	if _, err := writeFileAtomic(name, in); err != nil {
		return nil, err
	}
	st, err := store.Open(name, store.Options{})
	if err != nil {
		return nil, err
	}
	return &copyEnd{bolt: st, close: st.Close}, nil
}

// etcdOptions connects to the etcd cluster the jalond configuration file
// names, with the local copy under dir.
func etcdOptions(path, dir string) (*clientv3.Client, etcdstore.Options, error) {
	d, err := config.LoadDaemon(path)
	if err != nil {
		return nil, etcdstore.Options{}, err
	}
	if d.Storage.Backend != config.BackendEtcd {
		return nil, etcdstore.Options{}, fmt.Errorf("%s: [storage] backend is %q, not \"etcd\": name the store file itself instead", path, d.Storage.Backend)
	}
	e := d.Storage.Etcd
	tlsCfg, err := e.TLS()
	if err != nil {
		return nil, etcdstore.Options{}, fmt.Errorf("%s: %w", path, err)
	}
	cli, err := clientv3.New(clientv3.Config{Endpoints: e.Endpoints, DialTimeout: 10 * time.Second, TLS: tlsCfg,
		Username: e.Username, Password: string(e.Password), Logger: zap.NewNop()})
	if err != nil {
		return nil, etcdstore.Options{}, fmt.Errorf("%s: connect to etcd at %s: %w", path, strings.Join(e.Endpoints, ", "), err)
	}
	return cli, etcdstore.Options{Client: cli, Prefix: e.Prefix, Dir: dir, Timeout: time.Minute,
		HighWater: e.HighWater, Quota: e.QuotaBytes}, nil
}
