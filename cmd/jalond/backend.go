package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// opened is the store backend jalond runs on, as [storage] chose it.
type opened struct {
	st    store.Backend
	fresh bool   // nothing recorded yet: the published record goes in
	where string // for the "listening" log line
	close func() error
	// feed tells the components of other replicas' changes (etcd only).
	feed *replicaFeed
}

// openBackend opens the backend of cfg.Storage; clk stamps its writes.
func openBackend(ctx context.Context, cfg *config.Daemon, f *flags, clk *storeClock, logger *slog.Logger, reg prometheus.Registerer) (*opened, error) {
	if err := os.MkdirAll(cfg.StoragePath, 0o755); err != nil {
		return nil, fmt.Errorf("create storage directory: %w", err)
	}
	if cfg.Storage.Backend == config.BackendEtcd {
		return openEtcd(ctx, cfg, clk, logger, reg)
	}
	dbPath := filepath.Join(cfg.StoragePath, "jalon.db")
	fresh, err := newStore(dbPath)
	if err != nil {
		return nil, fmt.Errorf("look for the store %s: %w", dbPath, err)
	}
	st, err := store.Open(dbPath, store.Options{Logger: logger, Registerer: reg, NoSync: f.noSync, Now: clk.now})
	if err != nil {
		return nil, err
	}
	return &opened{st: st, fresh: fresh, where: dbPath, close: st.Close}, nil
}

// openEtcd connects to the cluster and rebuilds the local copy under
// storage_path from the log under the deployment's prefix.
func openEtcd(ctx context.Context, cfg *config.Daemon, clk *storeClock, logger *slog.Logger, reg prometheus.Registerer) (*opened, error) {
	e := cfg.Storage.Etcd
	tlsCfg, err := e.TLS()
	if err != nil {
		return nil, err
	}
	cli, err := clientv3.New(clientv3.Config{Endpoints: e.Endpoints, DialTimeout: 10 * time.Second, TLS: tlsCfg,
		Username: e.Username, Password: string(e.Password), Logger: zap.NewNop(), Context: ctx})
	if err != nil {
		return nil, fmt.Errorf("storage: connect to etcd at %s: %w", strings.Join(e.Endpoints, ", "), err)
	}
	feed := &replicaFeed{logger: logger}
	st, err := etcdstore.Open(ctx, etcdstore.Options{Client: cli, Prefix: e.Prefix, Dir: cfg.StoragePath,
		Now: clk.now, Logger: logger, Registerer: reg, OnApply: feed.apply, HighWater: e.HighWater, Quota: e.QuotaBytes})
	if err != nil {
		cli.Close()
		return nil, fmt.Errorf("storage: open the record under prefix %q on etcd at %s: %w", e.Prefix, strings.Join(e.Endpoints, ", "), err)
	}
	closeBoth := func() error { return errors.Join(st.Close(), cli.Close()) }
	where := fmt.Sprintf("etcd %s prefix %q", strings.Join(e.Endpoints, ","), e.Prefix)
	return &opened{st: st, fresh: st.Entries() == 0, where: where, close: closeBoth, feed: feed}, nil
}
