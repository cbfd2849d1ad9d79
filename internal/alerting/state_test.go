package alerting

import (
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

func TestStep(t *testing.T) {
	const forDur, retention = time.Hour, 15 * time.Minute
	tests := []struct {
		name        string
		from        State
		since       time.Duration // since activeAt (pending, firing) or resolvedAt (resolved)
		active      bool
		want        State
		wantEvent   event
		wantForget  bool
		wantNewFrom bool // activeAt restarts at now
	}{
		{"inactive, condition holds: pending", StateInactive, 0, true, StatePending, evNone, false, true},
		{"inactive, condition does not hold: forgotten", StateInactive, 0, false, StateInactive, evNone, true, false},
		{"pending within for", StatePending, 59 * time.Minute, true, StatePending, evNone, false, false},
		{"pending exactly at for: fires", StatePending, time.Hour, true, StateFiring, evFired, false, false},
		{"pending, condition gone: forgotten unseen", StatePending, 30 * time.Minute, false, StatePending, evNone, true, false},
		{"firing stays firing", StateFiring, 5 * time.Hour, true, StateFiring, evNone, false, false},
		{"firing, condition gone: resolved", StateFiring, 5 * time.Hour, false, StateResolved, evResolved, false, false},
		{"resolved within retention", StateResolved, 14 * time.Minute, false, StateResolved, evNone, false, false},
		{"resolved past retention: forgotten", StateResolved, 15 * time.Minute, false, StateResolved, evNone, true, false},
		{"resolved, condition back: pending anew", StateResolved, time.Minute, true, StatePending, evNone, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now := t0.Add(10 * time.Hour)
			a := &alert{state: tc.from, forDur: forDur}
			switch tc.from {
			case StatePending:
				a.activeAt = now.Add(-tc.since)
			case StateFiring:
				a.activeAt, a.firedAt = now.Add(-tc.since-forDur), now.Add(-tc.since)
			case StateResolved:
				a.activeAt, a.firedAt, a.resolvedAt, a.lastSent = t0, t0, now.Add(-tc.since), now.Add(-tc.since)
			}
			ev, forget := a.step(now, tc.active, retention)
			if a.state != tc.want || ev != tc.wantEvent || forget != tc.wantForget {
				t.Errorf("step(%s, active %v) = state %s, event %d, forget %v; want %s, %d, %v",
					tc.from, tc.active, a.state, ev, forget, tc.want, tc.wantEvent, tc.wantForget)
			}
			if tc.wantNewFrom && (!a.activeAt.Equal(now) || !a.firedAt.IsZero() || !a.resolvedAt.IsZero() || !a.lastSent.IsZero()) {
				t.Errorf("step(%s) started an episode with activeAt %v firedAt %v resolvedAt %v lastSent %v; want activeAt now, others zero",
					tc.from, a.activeAt, a.firedAt, a.resolvedAt, a.lastSent)
			}
			if ev == evFired && !a.firedAt.Equal(now) {
				t.Errorf("fired with firedAt %v, want now %v", a.firedAt, now)
			}
			if ev == evResolved && !a.resolvedAt.Equal(now) {
				t.Errorf("resolved with resolvedAt %v, want now %v", a.resolvedAt, now)
			}
		})
	}
}

func TestStepForZeroFiresAtOnce(t *testing.T) {
	a := &alert{state: StateInactive}
	if ev, _ := a.step(t0, true, time.Minute); ev != evFired || a.state != StateFiring || !a.firedAt.Equal(t0) || !a.activeAt.Equal(t0) {
		t.Errorf("step(for 0) = %d, state %s, firedAt %v; want fired at once", ev, a.state, a.firedAt)
	}
}

func TestNeedsSending(t *testing.T) {
	const resend = time.Minute
	tests := []struct {
		name     string
		state    State
		lastSent time.Duration // before now; -1: never
		resolved time.Duration // resolvedAt before now
		want     bool
	}{
		{"pending is never sent", StatePending, -1, 0, false},
		{"firing, never sent", StateFiring, -1, 0, true},
		{"firing, sent within the resend delay", StateFiring, 59 * time.Second, 0, false},
		{"firing, resend delay elapsed", StateFiring, time.Minute, 0, true},
		{"resolved after the last send: at once", StateResolved, 30 * time.Second, 10 * time.Second, true},
		{"resolved and sent: not within the delay", StateResolved, 10 * time.Second, 30 * time.Second, false},
		{"resolved and sent: again after the delay", StateResolved, 70 * time.Second, 80 * time.Second, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &alert{state: tc.state, firedAt: t0.Add(-time.Hour)}
			if tc.lastSent >= 0 {
				a.lastSent = t0.Add(-tc.lastSent)
			}
			if tc.state == StateResolved {
				a.resolvedAt = t0.Add(-tc.resolved)
			}
			if got := a.needsSending(t0, resend); got != tc.want {
				t.Errorf("needsSending() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestNoticeAnnotations checks that the notifications of an alert share
// one map of its annotations, and that new annotations reach the next.
func TestNoticeAnnotations(t *testing.T) {
	m, err := New(Options{Store: openStore(t, ""), Config: offTrackOnly(), Now: (&clock{t: t0}).Now,
		Registerer: prometheus.NewRegistry(), Snapshot: func() *evaluator.Snapshot { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.evaluate(docsSnapshot(1, t0, true)); err != nil {
		t.Fatal(err)
	}
	if len(m.alerts) != 1 {
		t.Fatalf("%d alerts, want 1", len(m.alerts))
	}
	var a *alert
	for _, a = range m.alerts {
	}
	n1, n2 := a.notice(), a.notice()
	if reflect.ValueOf(n1.Annotations).UnsafePointer() != reflect.ValueOf(n2.Annotations).UnsafePointer() || n1.Annotations["summary"] == "" {
		t.Errorf("notifications hold annotations %v and %v, want one shared map", n1.Annotations, n2.Annotations)
	}
	s := docsSnapshot(2, t0, true)
	s.Results[0].Eval.Latest = &indicators.Point{Time: date(2025, 6, 30), Value: 299e6}
	if err := m.evaluate(s); err != nil {
		t.Fatal(err)
	}
	n3 := a.notice()
	if !strings.Contains(n3.Annotations["description"], "299 million a year") || !maps.Equal(n3.Annotations, a.annotations.Map()) {
		t.Errorf("after new figures, notification annotations %v, want %v", n3.Annotations, a.annotations)
	}
}
