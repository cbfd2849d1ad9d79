package etcdstore_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// BenchmarkSizing measures etcd's database for SERIES series × 60 monthly
// points (JALON_SIZING_SERIES, default 10 000) written as `jalonctl
// import` sends them (5 000 measurements a request, one entry each): the
// bytes a point takes in the log as JSON and compressed, the database
// before and after a checkpoint, compaction and defragmentation, and the
// time a new replica takes to open. It runs once whatever b.N; run it
// alone: docs/architecture.md, "Size", has the figures and the command.
func BenchmarkSizing(b *testing.B) {
	series := 10_000
	if s := os.Getenv("JALON_SIZING_SERIES"); s != "" {
		series, _ = strconv.Atoi(s)
	}
	const perSeries, batchSize = 60, 5000
	cli, stop := member(b, b.TempDir(), 8<<30)
	defer stop()
	ctx := b.Context()
	prefix := "jalon/sizing/"
	be, err := etcdstore.Open(ctx, etcdstore.Options{Client: cli, Prefix: prefix, Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer be.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2022, 1, 31, 0, 0, 0, 0, time.UTC)
	var jsonBytes int
	var batch []indicators.Measurement
	began := time.Now()
	flush := func() {
		op := map[string]any{"kind": "write", "time": time.Now(), "actor": "import", "measurements": batch}
		j, _ := json.Marshal(op)
		jsonBytes += len(j)
		if _, err := be.Write(ctx, batch, "import"); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	for m := range perSeries { // month by month, as a history is imported
		for s := range series {
			batch = append(batch, indicators.Measurement{Indicator: fmt.Sprintf("indicator_%02d", s%90),
				Labels: indicators.Labels{{Name: "territory", Value: fmt.Sprintf("%05d", s/90)}},
				Time:   start.AddDate(0, m, 0), Value: float64(rng.IntN(10_000_000)), Source: "import"})
			if len(batch) == batchSize {
				flush()
			}
		}
	}
	if len(batch) > 0 {
		flush()
	}
	wrote := time.Since(began)
	points := series * perSeries
	logBytes := prefixBytes(b, cli, prefix+"log/") + prefixBytes(b, cli, prefix+"chunk/")
	before := dbSize(b, cli)
	began = time.Now()
	if _, err := be.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	// A second checkpoint after a few writes cuts the log below the first.
	if _, err := be.Write(ctx, batch[:0:0], "x"); err != nil {
		b.Fatal(err)
	}
	if _, err := be.Write(ctx, []indicators.Measurement{{Indicator: "tail", Time: start, Value: 1}}, "x"); err != nil {
		b.Fatal(err)
	}
	res, err := be.Checkpoint(ctx)
	if err != nil {
		b.Fatal(err)
	}
	checkpointed := time.Since(began)
	afterCompact := dbSize(b, cli)
	if _, err := cli.Defragment(ctx, cli.Endpoints()[0]); err != nil {
		b.Fatal(err)
	}
	afterDefrag := dbSize(b, cli)
	began = time.Now()
	fresh, err := etcdstore.Open(ctx, etcdstore.Options{Client: cli, Prefix: prefix, Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	opened := time.Since(began)
	fresh.Close()
	b.Logf("%d series × %d points = %d points in %s", series, perSeries, points, wrote.Round(time.Second))
	b.Logf("log as JSON: %.1f B/point; compressed in etcd: %.1f B/point (%d bytes)", float64(jsonBytes)/float64(points), float64(logBytes)/float64(points), logBytes)
	b.Logf("db size: %d after writing; %d after 2 checkpoints (cut %d entries, snapshot %d bytes) and compaction (%s); %d after defrag",
		before, afterCompact, res.CutEntries, res.SnapshotBytes, checkpointed.Round(time.Millisecond), afterDefrag)
	b.Logf("a new replica opens from the snapshot in %s", opened.Round(time.Millisecond))
	b.ReportMetric(float64(logBytes)/float64(points), "log-B/point")
	b.ReportMetric(float64(before), "db-bytes-written")
	b.ReportMetric(float64(afterDefrag), "db-bytes-defragged")
}

func prefixBytes(b *testing.B, cli *clientv3.Client, prefix string) int64 {
	var n int64
	for key := prefix; ; {
		resp, err := cli.Get(b.Context(), key, clientv3.WithRange(clientv3.GetPrefixRangeEnd(prefix)), clientv3.WithLimit(64))
		if err != nil {
			b.Fatal(err)
		}
		for _, kv := range resp.Kvs {
			n += int64(len(kv.Value))
		}
		if !resp.More {
			return n
		}
		key = string(resp.Kvs[len(resp.Kvs)-1].Key) + "\x00"
	}
}

func dbSize(b *testing.B, cli *clientv3.Client) int64 {
	st, err := cli.Status(b.Context(), cli.Endpoints()[0])
	if err != nil {
		b.Fatal(err)
	}
	return st.DbSize
}
