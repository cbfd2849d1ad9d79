package etcdstore_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// TestQuorumLossSaysSo: with two of three members down, a write is refused
// within the backend's timeout with a message that says etcd did not
// answer, points at the quorum and at etcd's health, and says the change
// was not recorded; once a quorum is back the write goes through and the
// refused one is indeed absent.
func TestQuorumLossSaysSo(t *testing.T) {
	// A cluster of its own: the package's serves the other tests.
	c := etcdcluster.ForTest(t, 3)
	const timeout = 2 * time.Second
	ctx := t.Context()
	b, m := openWritten(t, c.Client(t), "jalon/q/", timeout)
	at := m.Time

	c.StopMember(1)
	c.StopMember(2)
	lost := m
	lost.Time = at.AddDate(0, 1, 0)
	start := time.Now()
	_, err := b.Write(ctx, []indicators.Measurement{lost}, "w")
	took := time.Since(start)
	t.Logf("refused after %s: %v", took.Round(time.Millisecond), err)
	if err == nil || !errors.Is(err, etcdstore.ErrNoAnswer) {
		t.Fatalf("Write without a quorum = %v; want ErrNoAnswer", err)
	}
	for _, want := range []string{"etcd did not answer within 2s", "no quorum among its members?", "etcdctl endpoint health",
		"the change was not recorded: send it again once etcd answers"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if took > 3*timeout {
		t.Errorf("refused after %s; want within about the timeout, %s", took, timeout)
	}

	again := m
	again.Time = at.AddDate(0, 2, 0)
	quorumBack(t, c, b, again)
	if times := pointTimes(t, b, "x"); len(times) != 2 || !times[0].Equal(at) || !times[1].Equal(again.Time) {
		t.Errorf("points at %v; want %v and %v, and not the refused write's %v", times, at, again.Time, lost.Time)
	}
}

// quorumBack restarts the members 1 and 2 that a test stopped, then sends m
// until a quorum takes it, and returns what the write did.
func quorumBack(t *testing.T, c *etcdcluster.Cluster, b *etcdstore.Backend, m indicators.Measurement) store.WriteResult {
	t.Helper()
	for _, i := range []int{1, 2} { // Stop closes each member once
		if err := c.RestartMember(i, 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	var res store.WriteResult
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if res, err = b.Write(t.Context(), []indicators.Measurement{m}, "w"); err == nil {
			return res
		}
	}
	t.Fatalf("Write with the quorum back = %v", err)
	return res
}

// pointTimes lists the times of the points of indicator's one series on b.
func pointTimes(t *testing.T, b *etcdstore.Backend, indicator string) []time.Time {
	t.Helper()
	series, err := b.SeriesOf(indicator)
	if err != nil || len(series) != 1 {
		t.Fatalf("SeriesOf(%q) = %v, %v; want one series", indicator, series, err)
	}
	var times []time.Time
	err = b.View(func(r store.Reader) error {
		return r.Points(series[0].ID, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), func(p indicators.Point, _ string) error {
			times = append(times, p.Time)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return times
}

// openWritten opens a backend on prefix that waits for etcd at most
// timeout, and writes one point, which it returns; the test's cleanup
// closes the backend. Its clock stands still, so that a replica compared
// with it stamps the same arrivals (docs/architecture.md, "Arrivals").
func openWritten(t *testing.T, cli *clientv3.Client, prefix string, timeout time.Duration) (*etcdstore.Backend, indicators.Measurement) {
	t.Helper()
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), Timeout: timeout, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	m := indicators.Measurement{Indicator: "x", Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Value: 1, Source: "s"}
	if _, err := b.Write(t.Context(), []indicators.Measurement{m}, "w"); err != nil {
		t.Fatal(err)
	}
	return b, m
}
