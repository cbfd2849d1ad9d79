package alerting

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/store"
)

// amProcess is a real Alertmanager on 127.0.0.1 whose webhook receiver
// records every notification it sends.
type amProcess struct {
	bin, dir, addr string
	proc           *testpeer.Process
}

func startAlertmanager(t *testing.T, bin, dir, addr, hookURL string) *amProcess {
	t.Helper()
	cfg := fmt.Sprintf(`route:
  receiver: sink
  group_by: [alertname, indicator]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: sink
    webhook_configs:
      - url: %q
        send_resolved: true
`, hookURL)
	if err := os.WriteFile(filepath.Join(dir, "alertmanager.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	p := &amProcess{bin: bin, dir: dir, addr: addr}
	p.start(t)
	return p
}

// start runs Alertmanager on p's address and state directory, the second
// time as a restart.
func (p *amProcess) start(t *testing.T) {
	t.Helper()
	p.proc = testpeer.Start(t, "alertmanager", p.bin, "--config.file="+filepath.Join(p.dir, "alertmanager.yml"),
		"--storage.path="+filepath.Join(p.dir, "data"), "--web.listen-address="+p.addr, "--cluster.listen-address=")
	p.proc.WaitHTTP(t, "http://"+p.addr+"/-/ready", 20*time.Second)
}

// alerts returns what GET /api/v2/alerts holds.
func (p *amProcess) alerts(t *testing.T) []amAlert {
	t.Helper()
	resp, err := http.Get("http://" + p.addr + "/api/v2/alerts")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var as []amAlert
	json.NewDecoder(resp.Body).Decode(&as)
	return as
}

// amHook records Alertmanager's webhook notifications.
type amHook struct {
	mu  sync.Mutex
	got []amNotification
}

type amNotification struct {
	Status string `json:"status"`
	Alerts []struct {
		Status      string            `json:"status"`
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
		StartsAt    time.Time         `json:"startsAt"`
	} `json:"alerts"`
}

func (h *amHook) ServeHTTP(_ http.ResponseWriter, r *http.Request) {
	var n amNotification
	if json.NewDecoder(r.Body).Decode(&n) == nil {
		h.mu.Lock()
		h.got = append(h.got, n)
		h.mu.Unlock()
	}
}

func (h *amHook) notifications() []amNotification {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]amNotification(nil), h.got...)
}

// sameMilli compares times as Alertmanager keeps them, to the millisecond.
func sameMilli(a, b time.Time) bool {
	return a.Truncate(time.Millisecond).Equal(b.Truncate(time.Millisecond))
}

// pushDocs writes twelve monthly counts of objective 1-1's documents
// ending 2025-07-31 and has the evaluator read them.
func pushDocs(t *testing.T, st *store.Store, ev *evaluator.Evaluator, perMonth float64) {
	t.Helper()
	var ms []indicators.Measurement
	for m := time.August; m < time.August+12; m++ {
		ms = append(ms, indicators.Measurement{Indicator: "mes_documents_fed_per_year", Time: date(2024, m+1, 0), Value: perMonth, Source: "test"})
	}
	if _, err := st.Write(context.Background(), ms, "test"); err != nil {
		t.Fatal(err)
	}
	ev.Touch(ms)
	if err := ev.Refresh(); err != nil {
		t.Fatal(err)
	}
}

// TestEndToEndAlertmanager runs the manager against a real Alertmanager:
// objective 1-1 goes off track, the alert reaches Alertmanager and its
// webhook; a restart of the manager pages nobody again; a restart of
// Alertmanager gets the alert back; recovery sends the resolve.
func TestEndToEndAlertmanager(t *testing.T) {
	bin := testpeer.Binary(t, "prometheus-alertmanager", "alertmanager")
	dir := t.TempDir()
	sink := &amHook{}
	sinkSrv := httptest.NewServer(sink)
	defer sinkSrv.Close()
	hook := &hookReceiver{secret: []byte("k3y")}
	hookSrv := httptest.NewServer(hook)
	defer hookSrv.Close()
	am := startAlertmanager(t, bin, dir, testpeer.FreeAddr(t), sinkSrv.URL)

	catalog, err := catalogfile.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t, filepath.Join(dir, "jalon.db"))
	ev := evaluator.New(st, catalog, evaluator.Options{Now: func() time.Time { return date(2025, 8, 15) }})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	cfg := offTrackOnly()
	// endsAt is four resend delays ahead: 20 s, so that a slow restart on
	// a loaded machine does not let Alertmanager resolve the alert itself.
	cfg.ResendDelay = 5 * time.Second
	startManager := func() (*Manager, func()) {
		m, err := New(Options{Store: st, Snapshot: ev.Snapshot, Config: cfg, EvaluationInterval: 250 * time.Millisecond,
			RetryMin: 100 * time.Millisecond, RetryMax: 500 * time.Millisecond, Registerer: prometheus.NewRegistry(),
			Notifiers: []config.Notifier{
				{Name: "am", Type: config.NotifierAlertmanager, URLs: []string{"http://" + am.addr}},
				{Name: "hook", Type: config.NotifierWebhook, URLs: []string{hookSrv.URL}, Secret: "k3y"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { m.Run(ctx); close(done) }()
		return m, func() { cancel(); <-done }
	}
	m, stop := startManager()
	defer func() { stop() }()

	// Off track: 120 million a year against a plan near 330 million.
	pushDocs(t, st, ev, 10e6)
	var firing amNotification
	testpeer.Eventually(t, 20*time.Second, "Alertmanager's webhook fires", func() bool {
		for _, n := range sink.notifications() {
			if n.Status == "firing" && n.Alerts[0].Labels["alertname"] == rulename.TrajectoryOffTrack {
				firing = n
				return true
			}
		}
		return false
	})
	a := firing.Alerts[0]
	wantLabels := map[string]string{"alertname": rulename.TrajectoryOffTrack, "indicator": "mes_documents_fed_per_year",
		"objective": "1-1", "owner": "DNS", "axis": "Prévention", "severity": "critical"}
	for k, v := range wantLabels {
		if a.Labels[k] != v {
			t.Errorf("label %s = %q, want %q (labels %v)", k, a.Labels[k], v, a.Labels)
		}
	}
	if want := "120.3 million a year at 2025-07-31"; !bytes.Contains([]byte(a.Annotations["description"]), []byte(want)) ||
		a.Annotations["summary"] == "" || a.Annotations["indicator_url"] != "http://jalon.test/indicators/mes_documents_fed_per_year" {
		t.Errorf("annotations %v, want a summary, the link and a description with %q", a.Annotations, want)
	}
	startsAt := a.StartsAt

	// Restart the manager while firing: the state is in the store, so no
	// second notification and the same startsAt.
	stop()
	m, stop = startManager()
	testpeer.Eventually(t, 30*time.Second, "the restarted manager re-sends", func() bool {
		return testutil.ToFloat64(m.metrics.sent.WithLabelValues("am")) >= 1
	})
	for _, x := range am.alerts(t) {
		if x.Labels["alertname"] == rulename.TrajectoryOffTrack && !sameMilli(x.StartsAt, startsAt) {
			t.Errorf("after the manager's restart Alertmanager holds startsAt %v, want %v", x.StartsAt, startsAt)
		}
	}
	for _, n := range sink.notifications()[1:] {
		if n.Status == "firing" && n.Alerts[0].Labels["alertname"] == rulename.TrajectoryOffTrack {
			t.Errorf("a second firing notification after the manager's restart: %+v", n)
		}
	}
	hook.mu.Lock()
	if len(hook.order) != 1 {
		t.Errorf("webhook got %d notifications after the manager's restart, want the first firing only", len(hook.order))
	}
	hook.mu.Unlock()

	// Stop Alertmanager while firing: the resends fail; once it is back,
	// the alert is there again.
	am.proc.Stop()
	failed := testutil.ToFloat64(m.metrics.failed.WithLabelValues("am"))
	testpeer.Eventually(t, 30*time.Second, "sends fail while Alertmanager is down", func() bool {
		return testutil.ToFloat64(m.metrics.failed.WithLabelValues("am")) > failed
	})
	am.start(t)
	testpeer.Eventually(t, 30*time.Second, "the alert is back in the restarted Alertmanager", func() bool {
		for _, x := range am.alerts(t) {
			if x.Labels["alertname"] == rulename.TrajectoryOffTrack && sameMilli(x.StartsAt, startsAt) {
				return true
			}
		}
		return false
	})

	// Recovery: 40 M a month is 480 million a year, the target reached.
	pushDocs(t, st, ev, 40e6)
	testpeer.Eventually(t, 20*time.Second, "Alertmanager's webhook sends the resolve", func() bool {
		for _, n := range sink.notifications() {
			if n.Status == "resolved" && n.Alerts[0].Labels["alertname"] == rulename.TrajectoryOffTrack {
				return true
			}
		}
		return false
	})
	testpeer.Eventually(t, 10*time.Second, "the webhook gets the resolve", func() bool {
		hook.mu.Lock()
		defer hook.mu.Unlock()
		return len(hook.order) == 2 && hook.bodies[hook.order[1]].Status == "resolved"
	})
}
