package etcdstore_test

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"

	"github.com/jalonhq/jalon/store/etcdstore"
)

// member starts one etcd member on dir with the given quota and returns a
// client of it and its stop.
func member(t testing.TB, dir string, quota int64) (*clientv3.Client, func()) {
	t.Helper()
	cfg := embed.NewConfig()
	cfg.Name, cfg.Dir, cfg.LogLevel = "q", dir, "error"
	cfg.QuotaBackendBytes = quota
	var us []url.URL
	for range 2 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		us = append(us, url.URL{Scheme: "http", Host: l.Addr().String()})
		l.Close()
	}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = us[:1], us[:1]
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = us[1:], us[1:]
	cfg.InitialCluster = "q=" + us[0].String()
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		t.Fatal("etcd member not ready within 30 s")
	}
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{us[1].String()}, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return cli, func() { cli.Close(); e.Close() }
}

// Near etcd's quota a write is refused whole and clearly, before etcd
// refuses it (high-water mark) or when it does (NOSPACE): nothing
// acknowledged is lost, and once the quota is raised and the alarm
// disarmed, writes go through again.
func TestQuotaRefusesWritesClearly(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no etcd member")
	}
	etcdstore.SetRoomEvery(0) // ask the member before every write
	t.Cleanup(func() { etcdstore.SetRoomEvery(5 * time.Second) })
	dir := t.TempDir()
	const quota = 8 << 20
	cli, stop := member(t, dir, quota)
	// First jalond's high-water mark refuses; then, told of a quota far
	// larger than the member's, jalond lets etcd itself refuse.
	for _, highWater := range []float64{0.5, 1} {
		prefix := fmt.Sprintf("jalon/quota%g/", highWater)
		var told int64
		if highWater == 1 {
			told = 1 << 40
		}
		b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), HighWater: highWater, Quota: told})
		if err != nil {
			t.Fatal(err)
		}
		acked := 0
		var refusal error
		for i := range 200 {
			ms := noisy(2000)
			for j := range ms {
				ms[j].Labels[0].Value = fmt.Sprintf("%d-%d", i, j)
			}
			if _, err := b.Write(t.Context(), ms, "bulk"); err != nil {
				refusal = err
				break
			}
			acked += len(ms)
		}
		if !errors.Is(refusal, etcdstore.ErrNoSpace) || !strings.Contains(refusal.Error(), "defrag") {
			t.Fatalf("high water %g: after %d points the write was refused with %v, want ErrNoSpace saying what to do", highWater, acked, refusal)
		}
		t.Logf("high water %g: %d points acknowledged, then %v", highWater, acked, refusal)
		if refusedByEtcd := strings.Contains(refusal.Error(), "etcd refused"); refusedByEtcd != (highWater == 1) {
			t.Errorf("high water %g: refused by etcd %v, want %v: %v", highWater, refusedByEtcd, highWater == 1, refusal)
		}
		if st := b.Stats(); st.Points != uint64(acked) {
			t.Errorf("high water %g: %d points in the record, want the %d acknowledged", highWater, st.Points, acked)
		}
		b.Close()
	}
	// etcd raised its NOSPACE alarm: jalond refuses at once, saying so.
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: "jalon/quota0.5/", Dir: t.TempDir(), Quota: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Write(t.Context(), noisy(1), "x"); !errors.Is(err, etcdstore.ErrNoSpace) || !strings.Contains(err.Error(), "NOSPACE alarm") {
		t.Errorf("Write with the NOSPACE alarm raised = %v, want a refusal naming the alarm", err)
	}
	b.Close()
	stop()

	// The operator raises the quota and disarms the alarm.
	cli, stop = member(t, dir, 64<<20)
	t.Cleanup(stop)
	alarms, err := cli.AlarmList(t.Context())
	if err != nil || len(alarms.Alarms) == 0 {
		t.Fatalf("AlarmList = %v, %v; want the NOSPACE alarm", alarms, err)
	}
	for _, a := range alarms.Alarms { // as `etcdctl alarm disarm` does
		if _, err := cli.AlarmDisarm(t.Context(), (*clientv3.AlarmMember)(a)); err != nil {
			t.Fatal(err)
		}
	}
	b, err = etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: "jalon/quota1/", Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	before := b.Stats().Points
	if _, err := b.Write(t.Context(), noisy(10), "after"); err != nil {
		t.Fatalf("Write after raising the quota = %v", err)
	}
	if got := b.Stats().Points; got != before+10 {
		t.Errorf("after raising the quota the record holds %d points, want %d", got, before+10)
	}
}
