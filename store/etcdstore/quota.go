package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"

	"github.com/jalonhq/jalon/store"
)

// ErrNoSpace is the refusal of a write when etcd's database is near or at
// its quota: nothing was appended. It is not store.ErrInvalid: the write
// was valid, and will succeed once there is room. The API answers it as any
// store failure, 503 with its message, which says what to do.
var ErrNoSpace = errors.New("etcd's database is near or at its quota: nothing was written")

// What the operator does, said with every refusal.
const noSpaceHelp = "; free space: let the leader checkpoint (it cuts the log and compacts etcd's history), " +
	"then run `etcdctl defrag` on each member, `etcdctl alarm disarm` if a NOSPACE alarm is raised, " +
	"or raise etcd's --quota-backend-bytes (docs/operations.md, \"Sizing\")"

// Defaults of the high-water check.
const (
	defaultHighWater = 0.9
	// defaultQuota is etcd's own default, for members that do not report
	// theirs (before 3.6).
	defaultQuota = 2 << 30
)

// roomEvery bounds how often the members' status is asked: at most once
// per interval, whatever the rate of writes. A variable for the tests.
var roomEvery = 5 * time.Second

// sizeState is what the snapshot, checkpoint and quota code keeps in a
// Backend.
type sizeState struct {
	dir       string        // the local copy's directory
	localOpts store.Options // to open a snapshot as the local copy
	gen       int           // snapshots loaded, naming their files
	oldPath   string        // the local copy's file
	// shared is the local copy readers use: loadSnapshot replaces it
	// while they may be reading, so they load it once per read.
	shared  atomic.Pointer[store.Store]
	snapRev int64 // the snapshot key's ModRevision when last caught up; b.mu

	highWater float64
	quotaOpt  int64
	statusMu  sync.Mutex // one status round at a time
	checked   time.Time  // last status round; statusMu
	asking    bool       // a status round is in flight; statusMu
	metrics   []prometheus.Collector
	reg       prometheus.Registerer
	refuse    atomic.Pointer[string]
	dbSize    atomic.Int64
	dbQuota   atomic.Int64

	snapshotLoads prometheus.Counter
	checkpoints   prometheus.Counter
}

// initSize sets up the snapshot and quota state of a backend being opened
// with local, the fresh local copy at path.
func (b *Backend) initSize(opts Options, localOpts store.Options, path string) {
	s := &b.size
	s.dir, s.localOpts, s.oldPath = filepath.Dir(path), localOpts, path
	s.highWater, s.quotaOpt = opts.HighWater, opts.Quota
	if s.highWater <= 0 || s.highWater > 1 {
		s.highWater = defaultHighWater
	}
	s.snapshotLoads = prometheus.NewCounter(prometheus.CounterOpts{Name: "jalon_etcd_snapshot_loads_total",
		Help: "Snapshots of the record loaded as this replica's local copy (at start, or after falling behind a checkpoint)."})
	s.checkpoints = prometheus.NewCounter(prometheus.CounterOpts{Name: "jalon_etcd_checkpoints_total",
		Help: "Checkpoints written by this replica (snapshot, log cut, compaction)."})
	if opts.Registerer == nil {
		return
	}
	s.reg = opts.Registerer
	for _, c := range []prometheus.Collector{s.snapshotLoads, s.checkpoints,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jalon_etcd_db_size_bytes",
			Help: "The largest database size among etcd's members, last asked (at most every 5 s while writing)."},
			func() float64 { return float64(s.dbSize.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jalon_etcd_db_quota_bytes",
			Help: "etcd's database quota (--quota-backend-bytes) as the members report it; writes are refused past jalon_etcd_db_high_water of it."},
			func() float64 { return float64(s.dbQuota.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jalon_etcd_db_high_water",
			Help: "The fraction of the quota past which this replica refuses writes."},
			func() float64 { return s.highWater }),
	} {
		if opts.Registerer.Register(c) == nil { // a second backend on one registry keeps the first's
			s.metrics = append(s.metrics, c)
		}
	}
}

// unregister removes the metrics initSize registered, so that a backend
// opened again on the same registry reports its own.
func (s *sizeState) unregister() {
	for _, c := range s.metrics {
		s.reg.Unregister(c)
	}
	s.metrics = nil
}

// copy is the local copy to read from.
func (b *Backend) copy() *store.Store { return b.size.shared.Load() }

// room refuses a write while etcd's database is past the high-water mark
// of its quota, or a member has raised the NOSPACE alarm, so that a write is
// refused whole, clearly, before etcd refuses it. The members are asked at
// most every roomEvery, in the background but for the first time, so that
// a member down (whose status times out) never holds appends; a member that
// cannot be asked does not refuse writes: etcd's own refusal still stops
// them at the quota. b.mu is held.
func (b *Backend) room(ctx context.Context) error {
	s := &b.size
	s.statusMu.Lock()
	first := s.checked.IsZero()
	ask := !s.asking && time.Since(s.checked) >= roomEvery
	if ask {
		s.checked, s.asking = time.Now(), true
	}
	s.statusMu.Unlock()
	if ask {
		done := make(chan struct{})
		go func() {
			defer close(done)
			b.askStatus(context.WithoutCancel(ctx))
			s.statusMu.Lock()
			s.asking = false
			s.statusMu.Unlock()
		}()
		if first {
			<-done
		}
	}
	if why := s.refuse.Load(); why != nil {
		return fmt.Errorf("etcdstore: %w: %s%s", ErrNoSpace, *why, noSpaceHelp)
	}
	return nil
}

func (b *Backend) askStatus(ctx context.Context) {
	s := &b.size
	ctx, cancel := context.WithTimeout(ctx, min(b.timeout, 2*time.Second))
	defer cancel()
	var size, quota int64
	var why []string
	asked := 0
	for _, ep := range b.cli.Endpoints() {
		st, err := b.cli.Status(ctx, ep)
		if err != nil {
			continue
		}
		asked++
		size = max(size, st.DbSize)
		if st.DbSizeQuota > 0 && (quota == 0 || st.DbSizeQuota < quota) {
			quota = st.DbSizeQuota
		}
		for _, e := range st.Errors {
			if strings.Contains(e, "NOSPACE") && !slices.Contains(why, "a NOSPACE alarm is raised") {
				why = append(why, "a NOSPACE alarm is raised")
			}
		}
	}
	if asked == 0 {
		return
	}
	if s.quotaOpt > 0 {
		quota = s.quotaOpt
	} else if quota == 0 {
		quota = defaultQuota
	}
	s.dbSize.Store(size)
	s.dbQuota.Store(quota)
	if float64(size) >= s.highWater*float64(quota) {
		why = append(why, fmt.Sprintf("the database is %d bytes, past %.0f%% of the %d-byte quota", size, 100*s.highWater, quota))
	}
	if len(why) == 0 {
		s.refuse.Store(nil)
		return
	}
	msg := strings.Join(why, " and ")
	s.refuse.Store(&msg)
}

// noSpace turns etcd's refusal past its quota into ErrNoSpace with what to
// do; other errors pass unchanged.
func noSpace(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, rpctypes.ErrNoSpace) || errors.Is(err, rpctypes.ErrGRPCNoSpace) || strings.Contains(err.Error(), rpctypes.ErrGRPCNoSpace.Error()) {
		return fmt.Errorf("%w: etcd refused it (%v)%s", ErrNoSpace, err, noSpaceHelp)
	}
	return err
}
