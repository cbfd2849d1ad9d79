package alerting

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// hookReceiver is a webhook receiver as the docs advise writing one: it
// checks the signature, then applies each notification once, by its
// idempotency key.
type hookReceiver struct {
	secret []byte
	mu     sync.Mutex
	got    int      // requests with a valid signature
	bad    int      // requests with an invalid signature or key
	order  []string // idempotency keys in the order first applied
	bodies map[string]WebhookBody
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var b WebhookBody
	err := json.Unmarshal(body, &b)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil || !hmac.Equal([]byte(r.Header.Get(HeaderSignature)), []byte(Sign(h.secret, body))) ||
		r.Header.Get(HeaderIdempotency) != b.ID {
		h.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	h.got++
	if h.bodies == nil {
		h.bodies = map[string]WebhookBody{}
	}
	if _, dup := h.bodies[b.ID]; !dup {
		h.bodies[b.ID] = b
		h.order = append(h.order, b.ID)
	}
}

// offTrackOnly is a configuration with JalonTrajectoryOffTrack alone,
// firing at once.
func offTrackOnly() config.Alerting {
	cfg := stateCfg()
	cfg.Rules[rulename.TrajectoryOffTrack] = config.AlertSettings{For: ptr(time.Duration(0))}
	cfg.ExternalURL = "http://jalon.test"
	return cfg
}

func docsSnapshot(gen uint64, now time.Time, active bool) *evaluator.Snapshot {
	e := evalDocs(now, indicators.StatusOnTrack)
	if active {
		e.Status = indicators.StatusOffTrack
	}
	e.LastMissed, e.LastUnverified = -1, -1
	return snapshot(gen, testCatalog(), now, result("docs", e))
}

// TestWebhookFaults runs the receiver through 500s, timeouts, answers lost
// after the notification was taken, and an hour of refused connections,
// while the alert fires and resolves ten times: every notification is
// applied exactly once, in order, each signature verified.
func TestWebhookFaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		rcv := &hookReceiver{secret: []byte("k3y")}
		start := time.Now()
		tr := &faultTransport{handler: rcv}
		tr.setFault(func() fault {
			switch since := time.Since(start); {
			case since < 5*time.Minute:
				return fail500
			case since < 10*time.Minute:
				return hang
			case since < 12*time.Minute:
				return serveThenHang
			case since < 72*time.Minute:
				return refuse
			}
			return serve
		})
		var snap atomic.Pointer[evaluator.Snapshot]
		snap.Store(docsSnapshot(1, start, true))
		reg := prometheus.NewRegistry()
		m, err := New(Options{Store: st, Snapshot: snap.Load, Config: offTrackOnly(), Registerer: reg,
			Notifiers:  []config.Notifier{{Name: "hook", Type: config.NotifierWebhook, URLs: []string{"http://hook.test/"}, Secret: "k3y", Timeout: 5 * time.Second}},
			HTTPClient: &http.Client{Transport: tr}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- m.Run(ctx) }()
		for i := range 10 {
			snap.Store(docsSnapshot(uint64(i+1), time.Now(), i%2 == 0))
			time.Sleep(2 * time.Minute) // fake time: two evaluation ticks
		}
		time.Sleep(3 * time.Hour)
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run = %v", err)
		}

		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		if rcv.bad != 0 {
			t.Errorf("receiver refused %d requests for their signature", rcv.bad)
		}
		var statuses []string
		var last time.Time
		for _, id := range rcv.order {
			b := rcv.bodies[id]
			statuses = append(statuses, b.Status)
			if b.CreatedAt.Before(last) {
				t.Errorf("notification %s created %v arrived after one created %v", id, b.CreatedAt, last)
			}
			last = b.CreatedAt
		}
		want := strings.Repeat("firing resolved ", 5)
		if got := strings.Join(statuses, " ") + " "; got != want {
			t.Errorf("applied notifications %q, want %q", got, want)
		}
		t.Logf("requests %d, notifications %d, failed attempts %v", rcv.got, len(rcv.order), testutil.ToFloat64(m.metrics.failed.WithLabelValues("hook")))
		if rcv.got <= len(rcv.order) {
			t.Errorf("receiver got %d requests for %d notifications: the lost answers should have caused retries", rcv.got, len(rcv.order))
		}
		if got := testutil.ToFloat64(m.metrics.sent.WithLabelValues("hook")); got != 10 {
			t.Errorf("jalon_notifications_sent_total = %v, want 10", got)
		}
		if n := len(queued(m, "hook")); n != 0 {
			t.Errorf("%d notifications still queued, want 0", n)
		}
	})
}

// TestWebhookBody checks the body, headers and signature against a real
// HTTP peer.
func TestWebhookBody(t *testing.T) {
	var gotHeader http.Header
	var gotBody []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotHeader, gotBody = r.Header.Clone(), must(io.ReadAll(r.Body))
	}))
	defer srv.Close()
	w := &webhook{name: "ops", url: srv.URL, secret: []byte("k3y"), client: srv.Client(), timeout: 30 * time.Second, externalURL: "http://jalon.test"}
	e := &entry{ID: "0123abcd", Created: t0, Status: "resolved", Alerts: []Notice{{Fingerprint: "00000000000000ff", Status: "resolved",
		Labels: map[string]string{"alertname": "JalonDataStale"}, Annotations: map[string]string{"summary": "s"},
		StartsAt: t0.Add(-time.Hour), EndsAt: t0, GeneratorURL: "http://jalon.test/indicators/docs"}}}
	if err := w.send(t.Context(), []*entry{e}); err != nil {
		t.Fatal(err)
	}
	want := `{"version":"1","id":"0123abcd","receiver":"ops","status":"resolved","externalURL":"http://jalon.test","createdAt":"2025-08-15T09:00:00Z",` +
		`"alerts":[{"fingerprint":"00000000000000ff","status":"resolved","labels":{"alertname":"JalonDataStale"},"annotations":{"summary":"s"},` +
		`"startsAt":"2025-08-15T08:00:00Z","endsAt":"2025-08-15T09:00:00Z","generatorURL":"http://jalon.test/indicators/docs"}]}`
	if string(gotBody) != want {
		t.Errorf("body =\n%s\nwant\n%s", gotBody, want)
	}
	if got := gotHeader.Get(HeaderSignature); got != Sign([]byte("k3y"), []byte(want)) || !strings.HasPrefix(got, "sha256=") {
		t.Errorf("%s = %s, want the HMAC-SHA256 of the body", HeaderSignature, got)
	}
	if got := gotHeader.Get(HeaderIdempotency); got != "0123abcd" {
		t.Errorf("%s = %q, want 0123abcd", HeaderIdempotency, got)
	}
	if got := gotHeader.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	// The documented check, with a known vector.
	if got := Sign([]byte("key"), []byte("The quick brown fox jumps over the lazy dog")); got != "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8" {
		t.Errorf("Sign(RFC test vector) = %s", got)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return v
}
