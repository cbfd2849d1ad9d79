package alerting

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// amPeer is an httptest Alertmanager recording what POST /api/v2/alerts
// receives.
type amPeer struct {
	srv  *httptest.Server
	got  chan []amAlert
	path chan string
}

func newAMPeer(t *testing.T) *amPeer {
	p := &amPeer{got: make(chan []amAlert, 100), path: make(chan string, 100)}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var as []amAlert
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&as) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		p.path <- r.URL.Path
		p.got <- as
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// next waits for the next POST, or fails after a generous bound.
func (p *amPeer) next(t *testing.T) []amAlert {
	t.Helper()
	select {
	case as := <-p.got:
		if path := <-p.path; path != "/api/v2/alerts" {
			t.Errorf("POST %s, want /api/v2/alerts", path)
		}
		return as
	case <-time.After(10 * time.Second):
		t.Fatal("no POST /api/v2/alerts within 10s")
	}
	return nil
}

// TestAlertmanagerSemantics follows one alert through Prometheus' sending
// rules, against two Alertmanagers that must each get every alert.
func TestAlertmanagerSemantics(t *testing.T) {
	peers := []*amPeer{newAMPeer(t), newAMPeer(t)}
	clk := &clock{t: t0}
	cfg := offTrackOnly()
	cfg.ResendDelay = time.Minute
	m, err := New(Options{Store: openStore(t, ""), Config: cfg, Now: clk.Now, Registerer: prometheus.NewRegistry(),
		Snapshot:           func() *evaluator.Snapshot { return &evaluator.Snapshot{} }, // generation 0: Run only delivers
		EvaluationInterval: 30 * time.Second,
		Notifiers:          []config.Notifier{{Name: "am", Type: config.NotifierAlertmanager, URLs: []string{peers[0].srv.URL, peers[1].srv.URL}}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- m.Run(ctx) }()
	defer func() { cancel(); <-done }()

	// validFor is 4 × max(resend delay 1m, interval 30s).
	const validFor = 4 * time.Minute
	firedAt, resolvedAt := t0, t0.Add(150*time.Second)
	steps := []struct {
		at       time.Duration
		active   bool
		send     bool
		wantEnds time.Time
	}{
		{0, true, true, t0.Add(validFor)},                                 // fires (for 0): sent at once
		{30 * time.Second, true, false, time.Time{}},                      // within the resend delay
		{60 * time.Second, true, true, t0.Add(60*time.Second + validFor)}, // resent, endsAt pushed on
		{150 * time.Second, false, true, resolvedAt},                      // resolved: sent at once, endsAt = resolve time
		{180 * time.Second, false, false, time.Time{}},                    // within the resend delay
		{210 * time.Second, false, true, resolvedAt},                      // resolved alerts are re-sent too
		{150*time.Second + 15*time.Minute, false, false, time.Time{}},     // retention over: forgotten
		{150*time.Second + 15*time.Minute + 2*time.Minute, false, false, time.Time{}},
	}
	for i, s := range steps {
		clk.Set(t0.Add(s.at))
		if err := m.evaluate(docsSnapshot(uint64(i+1), clk.Now(), s.active)); err != nil {
			t.Fatal(err)
		}
		if !s.send {
			continue
		}
		for pi, p := range peers {
			as := p.next(t)
			if len(as) != 1 {
				t.Fatalf("at +%v: Alertmanager %d got %d alerts, want 1", s.at, pi, len(as))
			}
			a := as[0]
			if !a.StartsAt.Equal(firedAt) || !a.EndsAt.Equal(s.wantEnds) {
				t.Errorf("at +%v: startsAt %v endsAt %v, want %v and %v", s.at, a.StartsAt, a.EndsAt, firedAt, s.wantEnds)
			}
			if a.GeneratorURL != "http://jalon.test/indicators/docs" || a.Labels["alertname"] != rulename.TrajectoryOffTrack ||
				a.Labels["owner"] != "CNAM" || a.Annotations["summary"] == "" {
				t.Errorf("at +%v: alert %+v lacks its generatorURL, labels or annotations", s.at, a)
			}
		}
	}
	for pi, p := range peers {
		select {
		case as := <-p.got:
			t.Errorf("Alertmanager %d got an unexpected POST: %+v", pi, as)
		default:
		}
	}
	if n := len(m.Alerts()); n != 0 {
		t.Errorf("%d alerts kept after the retention, want 0", n)
	}
}
