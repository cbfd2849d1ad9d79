package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/wire"
)

// The failure drill of issue 14, end to end on real processes: three etcd
// members, two jalond replicas on one prefix, an Alertmanager pair in a
// gossip cluster. Clients push single points and small batches to both
// replicas while the leading replica is killed with SIGKILL in the middle
// of a puller run, then one etcd member (the raft leader). Afterwards:
//
//   - every point a replica acknowledged (200) is on the surviving replica;
//   - the puller's source was fetched once per slot of its schedule: never
//     twice within one period, by one replica or the two, only by the
//     replica leading at the time, and at every slot while a leader lived;
//     the run the kill cut short is run again by the survivor at once (see
//     checkSlots);
//   - the alert that fired before the kill reached the webhook behind the
//     Alertmanagers once, and jalond's own webhook once, with the startsAt
//     it had before the kill, which the survivor still reports;
//   - the killed member and replica, restarted, rejoin: the replica holds
//     every acknowledged point too, and follows.
//
// It logs the failover times and the counts.
func TestHAFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: kills replicas and etcd members under load (make test runs it)")
	}
	jalondBinary(t) // built before the clocks below start
	etcd := testpeer.StartEtcd(t, 3)
	amHook := &amWebhook{}
	amSrv := httptest.NewServer(amHook)
	defer amSrv.Close()
	ams := testpeer.StartAlertmanagerPair(t, testpeer.WebhookConfig(amSrv.URL))
	jHook := &jalonWebhook{}
	jSrv := httptest.NewServer(jHook)
	defer jSrv.Close()
	src := &slotSource{}
	srcSrv := httptest.NewServer(src)
	defer srcSrv.Close()

	c := seedCatalog(t)
	now := time.Now().UTC()
	behind, _ := pickJudged(t, c, now)

	dir := t.TempDir()
	names := []string{"a", "b"}
	var replicas []*daemon
	var cfgs []string
	for _, name := range names {
		cfg := writeHAConfig(t, filepath.Join(dir, name), name, haSetup{etcd: etcd.Endpoints, ams: ams,
			hook: jSrv.URL, source: srcSrv.URL, behind: behind})
		cfgs = append(cfgs, cfg)
		replicas = append(replicas, startDaemon(t, filepath.Join(dir, name, "data"), "--config.file="+cfg))
	}
	li := waitOneLeader(t, replicas, nil, 30*time.Second)
	leader, survivor := replicas[li], replicas[1-li]
	t.Logf("replica %s leads", names[li])

	// An alert fires before the kill: the indicator pushed to the
	// follower, far below its plan in its last month.
	ind, _, _ := c.Indicator(behind)
	pts := webFixture(c, behind, now, 1.0, nil)
	last := &pts[len(pts)-1]
	last.Value = ind.Planned(last.Time) * 0.2
	pushedAt := time.Now()
	if code, body, err := survivor.push(t.Context(), "", pts...); err != nil || code != http.StatusOK {
		t.Fatalf("push the off-track fixture = %d %s, %v", code, body, err)
	}
	var fired amAlertSeen
	testpeer.Eventually(t, 40*time.Second, "the off-track alert of "+behind+" reaches the webhook behind the Alertmanagers", func() bool {
		for _, a := range amHook.alerts() {
			if a.labels["indicator"] == behind && a.labels["alertname"] == rulename.TrajectoryOffTrack && a.firing > 0 {
				fired = a
				return true
			}
		}
		return false
	})
	firedSeen := time.Now()
	t.Logf("alert: pushed off track to the follower → Alertmanager's webhook notified in %s", firedSeen.Sub(pushedAt).Round(time.Millisecond))
	testpeer.Eventually(t, 20*time.Second, "the leader's puller runs twice", func() bool { return len(src.fetches()) >= 2 })

	// The sleeps below are the phases of the drill, load running through
	// each: durations chosen, not waits for an event.
	load := startHALoad(replicas, 4)
	time.Sleep(5 * time.Second)

	// Kill the leader with a puller run in flight; the survivor must
	// take over the pullers.
	select {
	case <-src.hold(names[li]):
	case <-time.After(4 * pullPeriod):
		t.Fatal("the leader's puller did not fetch its source within four periods")
	}
	killAt := time.Now()
	leader.kill()
	ledAt := waitLeading(t, survivor, killAt, 30*time.Second)
	var pulledAt time.Time
	testpeer.Eventually(t, 30*time.Second, "the survivor's puller runs after the kill", func() bool {
		for _, f := range src.fetches() {
			if f.replica == names[1-li] && f.at.After(killAt) {
				pulledAt = f.at
				return true
			}
		}
		return false
	})
	t.Logf("failover: kill -9 of the leader → survivor leads in %s, its puller runs in %s",
		ledAt.Sub(killAt).Round(time.Millisecond), pulledAt.Sub(killAt).Round(time.Millisecond))
	if d := ledAt.Sub(killAt); d > 15*time.Second {
		t.Errorf("the survivor led %s after the kill, want within 15 s", d.Round(time.Millisecond))
	}
	time.Sleep(4 * time.Second)

	// Kill etcd's raft leader: two members of three keep a quorum.
	mi := etcdLeader(t, etcd.Endpoints)
	etcdKillAt := time.Now()
	etcd.Kill(mi)
	time.Sleep(8 * time.Second)
	acks := load.stop()
	stopAt := time.Now()
	t.Logf("load: %d points acknowledged in %d pushes (a: %d, b: %d), %d pushes refused or failed",
		len(acks.points), acks.pushes, acks.byReplica[0], acks.byReplica[1], acks.failed)

	// Every acknowledged point is on the survivor, once it is in sync.
	survivor.waitReady(t)
	checkAcked(t, survivor, "the survivor", acks.points)
	after := acks.after(etcdKillAt)
	if after == 0 {
		t.Errorf("no push acknowledged after etcd member %d was killed: two members of three are a quorum", mi)
	}
	t.Logf("etcd member %d (raft leader) killed: at most %s without an acknowledged push (from 1 s before to the end of the load), %d pushes acknowledged after it",
		mi, acks.longestGap(etcdKillAt.Add(-time.Second), stopAt).Round(time.Millisecond), after)

	// The survivor's puller still runs after the drill: a run stuck in a
	// write would show no fetch at all. Its bound is the store's timeout
	// of an append (10 s) past the next slot.
	testpeer.Eventually(t, 2*pullPeriod+10*time.Second, "the survivor's puller runs after the drill", func() bool {
		fs := src.fetches()
		return len(fs) > 0 && fs[len(fs)-1].at.After(stopAt)
	})
	skipped, _ := sampleValue(survivor.metricsText(t), `jalon_puller_runs_total{puller="ins",result="skipped"}`)
	checkSlots(t, src.fetches(), killAt, ledAt, names[li], names[1-li], int(skipped))
	var ps struct {
		Pullers []struct {
			LastResult string `json:"last_result"`
			LastError  string `json:"last_error"`
		} `json:"pullers"`
	}
	survivor.getJSON(t, "/api/v1/pullers", "", &ps)
	if len(ps.Pullers) != 1 || ps.Pullers[0].LastResult != "success" {
		t.Errorf("the survivor's puller: %+v, want its last run a success", ps.Pullers)
	}
	if pulled := survivor.stored(t, "", "ins_qualified_share"); len(pulled) != 1 {
		t.Errorf("pulled points on the survivor = %v, want the source's one point", pulled)
	}

	// Alertmanager's second member sends a notification its peer has not
	// sent within the peer timeout (15 s): wait it out before counting.
	if d := 17*time.Second - time.Since(firedSeen); d > 0 {
		time.Sleep(d)
	}
	checkAlertDelivery(t, survivor, amHook, jHook, fired)
	checkAlertResent(t, ams, fired, killAt)

	// The killed come back: the etcd member rejoins, the replica rebuilds
	// its copy, killed mid-write, from the log and follows the survivor.
	etcd.Restart(mi)
	back := startDaemon(t, filepath.Join(dir, names[li], "data"), "--config.file="+cfgs[li])
	checkAcked(t, back, "the restarted replica", acks.points)
	if v, ok := back.leading(); !ok || v != 0 {
		t.Errorf("the restarted replica's jalon_leader = %v (present %v), want 0: the survivor leads", v, ok)
	}
}

// checkAcked checks that every acknowledged point is on d with its value.
func checkAcked(t *testing.T, d *daemon, who string, acked []point) {
	t.Helper()
	got := d.stored(t, "", documentsFed)
	missing := 0
	for _, p := range acked {
		g, ok := got[p.key()]
		switch {
		case !ok:
			if missing++; missing <= 10 {
				t.Errorf("acknowledged point %s is not on %s", p.key(), who)
			}
		case g.Value != p.Value:
			t.Errorf("point %s = %v on %s, want %v as acknowledged", p.key(), g.Value, who, p.Value)
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged points missing on %s", missing, len(acked), who)
	}
}

// checkAlertResent checks that both Alertmanagers hold the alert active
// with an endsAt beyond what the killed leader's sends could have set
// (killAt + 4 × resend_delay): the survivor delivers it now.
func checkAlertResent(t *testing.T, ams []string, fired amAlertSeen, killAt time.Time) {
	t.Helper()
	for _, base := range ams {
		var as []struct {
			Labels   map[string]string `json:"labels"`
			StartsAt time.Time         `json:"startsAt"`
			EndsAt   time.Time         `json:"endsAt"`
			Status   struct {
				State string `json:"state"`
			} `json:"status"`
		}
		resp, err := client.Get(base + "/api/v2/alerts")
		if err != nil {
			t.Errorf("GET %s/api/v2/alerts: %v", base, err)
			continue
		}
		err = json.NewDecoder(resp.Body).Decode(&as)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Errorf("GET %s/api/v2/alerts = %d, %v", base, resp.StatusCode, err)
			continue
		}
		found := false
		for _, a := range as {
			if a.Labels["indicator"] != fired.labels["indicator"] || a.Labels["alertname"] != fired.labels["alertname"] {
				continue
			}
			found = true
			if a.Status.State != "active" || !sameMillis(a.StartsAt, fired.startsAt[0]) || !a.EndsAt.After(killAt.Add(40*time.Second)) {
				t.Errorf("%s holds the alert %s, startsAt %s, endsAt %s; want active since %s, endsAt after %s (sent again since the kill)",
					base, a.Status.State, a.StartsAt, a.EndsAt, fired.startsAt[0], killAt.Add(40*time.Second))
			}
		}
		if !found {
			t.Errorf("%s no longer holds the alert %v", base, fired.labels)
		}
	}
}

// haSetup is what a replica's configuration names.
type haSetup struct {
	etcd, ams            []string
	hook, source, behind string
}

// writeHAConfig writes replica name's configuration in dir. Both replicas
// have the same but for the header their puller sends, by which the
// source tells who fetched it. Every alert rule but JalonTrajectoryOffTrack
// is off, and that one waits an hour except on the indicator pushed behind,
// so that the only alert is the one the test makes. resend_delay 10 s: a
// firing alert's endsAt is 40 s ahead of each send, beyond any handover.
func writeHAConfig(t *testing.T, dir, name string, s haSetup) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hook.secret"), []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	quote := func(xs []string) string {
		var q []string
		for _, x := range xs {
			q = append(q, fmt.Sprintf("%q", x))
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "evaluation_interval = \"2s\"\n\n[storage]\nbackend = \"etcd\"\nendpoints = %s\nprefix = \"jalon/ha/\"\n\n", quote(s.etcd))
	fmt.Fprintf(&b, "[alerting]\nresend_delay = \"10s\"\n\n")
	for _, r := range []string{rulename.TrajectoryAtRisk, rulename.ForecastMissesTarget, rulename.DeadlineMissed, rulename.DeadlineUnverified,
		rulename.MilestoneOverdue, rulename.DataStale, rulename.PullerFailing, rulename.AssessmentDiverges} {
		fmt.Fprintf(&b, "[alerting.rule.%s]\ndisabled = true\n\n", r)
	}
	fmt.Fprintf(&b, "[[alerting.override]]\nindicator = %q\nrule = %q\nfor = \"0s\"\n\n", s.behind, rulename.TrajectoryOffTrack)
	fmt.Fprintf(&b, "[[notifier]]\nname = \"am\"\ntype = \"alertmanager\"\nurls = %s\n\n", quote(s.ams))
	fmt.Fprintf(&b, "[[notifier]]\nname = \"hook\"\ntype = \"webhook\"\nurl = %q\nsecret_file = \"hook.secret\"\n\n", s.hook)
	fmt.Fprintf(&b, `[[puller]]
name = "ins"
type = "csv"
schedule = "@every %s"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
retries = 0
headers = { X-Replica = %q }
  [puller.csv]
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
  label_columns = { region = "code_region" }
`, pullPeriod, s.source, name)
	file := filepath.Join(dir, "jalon.toml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// pullPeriod is the puller's schedule, @every 3s: cron's constant-delay
// schedule fires on whole seconds, 3 s apart, from when the puller starts.
const pullPeriod = 3 * time.Second

// leading reads jalon_leader from d's /metrics: its value, and whether
// the metric is there at all.
func (d *daemon) leading() (float64, bool) {
	code, body, err := d.do("GET", "/metrics", "", nil)
	if err != nil || code != http.StatusOK {
		return 0, false
	}
	return sampleValue(string(body), "jalon_leader")
}

// waitOneLeader waits until exactly one of the replicas not in dead
// reports jalon_leader 1 and the others 0, and returns its index.
func waitOneLeader(t *testing.T, ds []*daemon, dead []int, timeout time.Duration) int {
	t.Helper()
	idx, seen := -1, false
	err := testpeer.Poll(timeout, func() (bool, error) {
		idx = -1
		for i, d := range ds {
			if slices.Contains(dead, i) {
				continue
			}
			v, ok := d.leading()
			seen = seen || ok
			switch {
			case !ok || (v != 0 && v != 1):
				return false, nil
			case v == 1 && idx >= 0:
				return false, nil
			case v == 1:
				idx = i
			}
		}
		return idx >= 0, nil
	})
	if err != nil {
		if !seen {
			t.Fatalf("no replica has jalon_leader on /metrics within %s: this build elects no leader (issue 14)", timeout)
		}
		t.Fatalf("not exactly one replica with jalon_leader 1 within %s", timeout)
	}
	return idx
}

// waitLeading polls d every 50 ms until it reports jalon_leader 1, and
// returns when it first did.
func waitLeading(t *testing.T, d *daemon, since time.Time, timeout time.Duration) time.Time {
	t.Helper()
	for time.Since(since) < timeout {
		if v, _ := d.leading(); v == 1 {
			return time.Now()
		}
		time.Sleep(50 * time.Millisecond) // paces the polls that time the handover
	}
	t.Fatalf("the survivor does not report jalon_leader 1 within %s of the leader's kill", timeout)
	return time.Time{}
}

// etcdLeader returns the index of the member that is the raft leader.
func etcdLeader(t *testing.T, endpoints []string) int {
	t.Helper()
	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for i, ep := range endpoints {
		s, err := cli.Status(ctx, ep)
		if err != nil {
			t.Fatalf("etcd status of %s: %v", ep, err)
		}
		if s.Header.MemberId == s.Leader {
			return i
		}
	}
	t.Fatal("no etcd member is the leader")
	return -1
}

// haLoad is clients pushing to every replica in turn until stopped.
type haLoad struct {
	stopc chan struct{}
	wg    sync.WaitGroup
	seq   atomic.Int64
	mu    sync.Mutex
	acks  haAcks
}

// haAcks is what the load saw acknowledged.
type haAcks struct {
	points    []point
	at        []time.Time // of each acknowledged push
	pushes    int
	byReplica [2]int
	failed    int
}

// haLoadBase is the time of the load's first point; point n is n minutes
// later, so that every point is new.
var haLoadBase = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

// maxPushesPerClient bounds the load whatever the machine's speed.
const maxPushesPerClient = 3000

func startHALoad(ds []*daemon, clients int) *haLoad {
	l := &haLoad{stopc: make(chan struct{})}
	for k := range clients {
		l.wg.Go(func() {
			for j := 0; j < maxPushesPerClient; j++ {
				select {
				case <-l.stopc:
					return
				default:
				}
				n := 1
				if j%3 == 2 {
					n = 5 // a small batch, atomic
				}
				var ps []point
				for range n {
					s := l.seq.Add(1)
					ps = append(ps, point{Indicator: documentsFed, Time: haLoadBase.Add(time.Duration(s) * time.Minute),
						Value: float64(1000 + s), Source: "ha-load"})
				}
				r := (k + j) % len(ds)
				code, _, err := ds[r].push(context.Background(), "", ps...)
				l.mu.Lock()
				if err == nil && code == http.StatusOK {
					l.acks.points = append(l.acks.points, ps...)
					l.acks.at = append(l.acks.at, time.Now())
					l.acks.pushes++
					l.acks.byReplica[r]++
				} else {
					l.acks.failed++
				}
				l.mu.Unlock()
				if err != nil || code != http.StatusOK {
					time.Sleep(50 * time.Millisecond) // a dead replica refuses at once
				}
			}
		})
	}
	return l
}

// stop ends the load, waits for the pushes in flight and returns what was
// acknowledged.
func (l *haLoad) stop() haAcks {
	close(l.stopc)
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.acks
}

// after counts the pushes acknowledged after t.
func (a haAcks) after(t time.Time) int {
	n := 0
	for _, at := range a.at {
		if at.After(t) {
			n++
		}
	}
	return n
}

// longestGap is the longest time within [from, to] without an
// acknowledgement: between two, from from to the first, from the last to
// to.
func (a haAcks) longestGap(from, to time.Time) time.Duration {
	ts := slices.Clone(a.at)
	slices.SortFunc(ts, func(x, y time.Time) int { return x.Compare(y) })
	prev, longest := from, time.Duration(0)
	for _, at := range ts {
		if at.Before(from) {
			continue
		}
		if at.After(to) {
			break
		}
		longest = max(longest, at.Sub(prev))
		prev = at
	}
	return max(longest, to.Sub(prev))
}

// slotSource is the puller's source: a CSV of one point, the same at each
// fetch, recording when each fetch came and from which replica (the
// X-Replica header of its configuration). Armed with hold, it keeps the
// next fetch of one replica unanswered until that replica's connection
// ends, so that a test can kill it with a run in flight.
type slotSource struct {
	mu       sync.Mutex
	log      []fetch
	holdFor  string
	holdSeen chan struct{}
}

type fetch struct {
	at      time.Time
	replica string
	held    bool // never answered: its replica died with the run in flight
}

func (s *slotSource) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := fetch{at: time.Now(), replica: r.Header.Get("X-Replica")}
	s.mu.Lock()
	if s.holdFor != "" && s.holdFor == f.replica {
		f.held, s.holdFor = true, ""
		close(s.holdSeen)
	}
	s.log = append(s.log, f)
	s.mu.Unlock()
	if f.held {
		<-r.Context().Done()
		return
	}
	w.Header().Set("Content-Type", "text/csv")
	w.Write([]byte("trimestre;code_region;taux\n2025-T1;84;55.5\n"))
}

// hold arms the source for replica's next fetch, and returns a channel
// closed when that fetch has come.
func (s *slotSource) hold(replica string) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdFor, s.holdSeen = replica, make(chan struct{})
	return s.holdSeen
}

func (s *slotSource) fetches() []fetch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// checkSlots checks the source's fetches against the schedule, a slot
// every pullPeriod on whole seconds, and the handover.
//
// Exactly once, for a scheduled run, means one fetch of the source per
// slot, by the replica leading then. Before the kill only the leader
// fetches, after it only the survivor. No two fetches come within half a
// period of each other (two replicas running the puller, or one running a
// slot twice, would), and while a replica leads no slot is left out:
// before the kill, consecutive fetches are at most two periods and a
// second apart (a run still going at its next slot skips that slot, as on
// a lone replica); after it, where etcd's leader is killed too and a write
// may wait seconds for the next one, every slot left out between two runs
// is one the survivor counted as skipped.
//
// The handover is the exception, by design (docs/architecture.md,
// "Schedules across a handover"): the run in flight when the leader is
// killed (the test holds its fetch unanswered, so there always is one)
// never recorded its end, so the new leader runs its slot again, together
// with the slots missed while nobody led, as one run at once when its term
// begins: the survivor's first fetch comes within a period of its taking
// the lead, and the next one a whole slot later. The killed run wrote
// nothing (a batch is all or nothing), so what the source holds is written
// once, by the survivor: the test checks the pulled point is there.
func checkSlots(t *testing.T, fs []fetch, killAt, ledAt time.Time, leader, survivor string, skipped int) {
	t.Helper()
	sort.Slice(fs, func(i, j int) bool { return fs[i].at.Before(fs[j].at) })
	var gapMax time.Duration
	nBefore, nAfter, held, missed := 0, 0, 0, 0
	var firstAfter time.Time
	for i, f := range fs {
		want := leader
		if f.at.After(killAt) {
			want = survivor
			if nAfter++; nAfter == 1 {
				firstAfter = f.at
			}
		} else {
			nBefore++
		}
		if f.held {
			held++
		}
		if f.replica != want {
			t.Errorf("fetch at %s by replica %q, want only %q (the leader then)", f.at.Format("15:04:05.000"), f.replica, want)
		}
		if i == 0 {
			continue
		}
		prev := fs[i-1]
		gap := f.at.Sub(prev.at)
		if gap < pullPeriod/2 {
			t.Errorf("fetches at %s (%s) and %s (%s) are %s apart: one slot of the %s schedule ran twice",
				prev.at.Format("15:04:05.000"), prev.replica, f.at.Format("15:04:05.000"), f.replica, gap.Round(time.Millisecond), pullPeriod)
		}
		if prev.at.Before(killAt) && !f.at.Before(killAt) {
			continue // the handover, checked below
		}
		gapMax = max(gapMax, gap)
		if f.at.After(killAt) {
			// Slots between two runs of the survivor: skipped, each
			// counted, because a run was still going (etcd's leader was
			// killed meanwhile, and a write may wait for the next one).
			missed += max(0, int((gap+pullPeriod/2)/pullPeriod)-1)
			continue
		}
		if gap > 2*pullPeriod+time.Second {
			t.Errorf("no fetch between %s and %s (%s): a slot of the %s schedule was not run while a replica led",
				prev.at.Format("15:04:05.000"), f.at.Format("15:04:05.000"), gap.Round(time.Millisecond), pullPeriod)
		}
	}
	if held != 1 || nBefore == 0 || !fs[nBefore-1].held {
		t.Errorf("the leader's last fetch before the kill should be the one held in flight (%d held)", held)
	}
	if missed > skipped {
		t.Errorf("the survivor left out %d slots of its schedule between runs, and counted %d skipped (jalon_puller_runs_total{result=\"skipped\"}): a slot was neither run nor skipped", missed, skipped)
	}
	switch {
	case nAfter == 0:
		t.Errorf("the survivor never fetched the source")
	case firstAfter.Sub(ledAt) > pullPeriod:
		t.Errorf("the survivor's first run came %s after it led, want the run cut short by the kill at once, within %s",
			firstAfter.Sub(ledAt).Round(time.Millisecond), pullPeriod)
	}
	t.Logf("puller: %d runs by the leader before the kill (the last held in flight), %d by the survivor after, the first %s after it led, %d slots skipped; longest gap between runs otherwise %s",
		nBefore, nAfter, firstAfter.Sub(ledAt).Round(time.Millisecond), skipped, gapMax.Round(time.Millisecond))
}

// amWebhook is the receiver behind both Alertmanagers: it counts, per
// alert (its labels), the notifications in which it fires or resolves, and
// keeps the startsAt of each.
type amWebhook struct {
	mu   sync.Mutex
	seen map[string]*amAlertSeen
}

type amAlertSeen struct {
	labels          map[string]string
	firing, resolve int
	startsAt        []time.Time
}

func (h *amWebhook) ServeHTTP(_ http.ResponseWriter, r *http.Request) {
	var n struct {
		Alerts []struct {
			Status   string            `json:"status"`
			Labels   map[string]string `json:"labels"`
			StartsAt time.Time         `json:"startsAt"`
		} `json:"alerts"`
	}
	if json.NewDecoder(r.Body).Decode(&n) != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen = map[string]*amAlertSeen{}
	}
	for _, a := range n.Alerts {
		k := fmt.Sprint(a.Labels)
		s := h.seen[k]
		if s == nil {
			s = &amAlertSeen{labels: a.Labels}
			h.seen[k] = s
		}
		if a.Status == "resolved" {
			s.resolve++
		} else {
			s.firing++
		}
		s.startsAt = append(s.startsAt, a.StartsAt)
	}
}

func (h *amWebhook) alerts() []amAlertSeen {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []amAlertSeen
	for _, s := range h.seen {
		c := *s
		c.startsAt = slices.Clone(s.startsAt)
		out = append(out, c)
	}
	return out
}

// jalonWebhook is jalond's own webhook receiver: it keeps the firing
// notifications by idempotency key (a retry repeats its key) and the
// startsAt of each alert in them.
type jalonWebhook struct {
	mu     sync.Mutex
	firing map[string][]time.Time         // by key: the startsAt of each alert
	labels map[string][]map[string]string // by key: the labels of each alert
}

func (h *jalonWebhook) ServeHTTP(_ http.ResponseWriter, r *http.Request) {
	var n struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Alerts []struct {
			Labels   map[string]string `json:"labels"`
			StartsAt time.Time         `json:"startsAt"`
		} `json:"alerts"`
	}
	if json.NewDecoder(r.Body).Decode(&n) != nil || n.Status != "firing" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.firing == nil {
		h.firing, h.labels = map[string][]time.Time{}, map[string][]map[string]string{}
	}
	var starts []time.Time
	var labels []map[string]string
	for _, a := range n.Alerts {
		starts, labels = append(starts, a.StartsAt), append(labels, a.Labels)
	}
	h.firing[n.ID], h.labels[n.ID] = starts, labels
}

// firingOf returns the startsAt of every distinct firing notification
// that carries the alert of indicator and rule.
func (h *jalonWebhook) firingOf(indicator, rule string) []time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []time.Time
	for id, ls := range h.labels {
		for i, l := range ls {
			if l["indicator"] == indicator && l["alertname"] == rule {
				out = append(out, h.firing[id][i])
			}
		}
	}
	return out
}

// checkAlertDelivery checks that every alert reached the webhook behind
// the Alertmanagers once, firing, never resolved, with one startsAt; that
// jalond's webhook had one firing notification of the alert fired before
// the kill, with that startsAt; and that the survivor still reports it
// firing since then.
func checkAlertDelivery(t *testing.T, survivor *daemon, am *amWebhook, hook *jalonWebhook, fired amAlertSeen) {
	t.Helper()
	want := fired.startsAt[0]
	for _, a := range am.alerts() {
		if a.firing != 1 || a.resolve != 0 {
			t.Errorf("alert %v notified %d times firing and %d resolved by the Alertmanager pair, want once firing", a.labels, a.firing, a.resolve)
		}
		for _, s := range a.startsAt[1:] {
			if !s.Equal(a.startsAt[0]) {
				t.Errorf("alert %v notified with startsAt %v, want one startsAt", a.labels, a.startsAt)
				break
			}
		}
	}
	indicator, rule := fired.labels["indicator"], fired.labels["alertname"]
	if got := hook.firingOf(indicator, rule); len(got) != 1 || !sameMillis(got[0], want) {
		t.Errorf("jalond's webhook: firing notifications of %s %s with startsAt %v, want one with %s", rule, indicator, got, want)
	}
	var as wire.Alerts
	survivor.getJSON(t, "/api/v1/alerts", "", &as)
	found := false
	for _, a := range as.Alerts {
		if a.Labels["indicator"] != indicator || a.Labels["alertname"] != rule {
			continue
		}
		found = true
		if a.State != "firing" || a.FiredAt == nil || !sameMillis(*a.FiredAt, want) {
			t.Errorf("survivor's alert %s %s: state %s, fired at %v; want firing since %s, its startsAt before the kill", rule, indicator, a.State, a.FiredAt, want)
		}
	}
	if !found {
		t.Errorf("the survivor does not list the alert %s %s", rule, indicator)
	}
	t.Logf("alert %s %s: startsAt %s before and after the failover, notified once", rule, indicator, want.Format(time.RFC3339Nano))
}

// sameMillis compares times as Alertmanager keeps them, to the millisecond.
func sameMillis(a, b time.Time) bool {
	return a.Truncate(time.Millisecond).Equal(b.Truncate(time.Millisecond))
}
