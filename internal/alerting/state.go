package alerting

import (
	"time"
)

// State is where an alert stands. Inactive alerts are not kept.
type State string

// The states of an alert: inactive → pending → firing → resolved, and from
// resolved back to pending if the condition holds again. A missed deadline
// that Jalon learned of long after it passed goes inactive → settled: it is
// recorded and shown, never sent, and forgotten when its condition goes.
const (
	StateInactive State = "inactive"
	StatePending  State = "pending"
	StateFiring   State = "firing"
	StateResolved State = "resolved"
	StateSettled  State = "settled"
)

// alert is the state of one alert. The manager's mutex guards it.
type alert struct {
	fp     uint64
	labels labelParts
	// annotations are sorted by name, as records write them; a slice costs
	// a third of a map, and the map is made only for who asks for one.
	annotations Labels
	// noticeAnn is annotations as notifications carry them, made for the
	// first one and shared by the next until the annotations change:
	// notifications waiting in an outbox would otherwise each hold a map.
	noticeAnn    map[string]string
	generatorURL string
	state        State
	forDur       time.Duration
	activeAt     time.Time // when the condition was first found to hold
	firedAt      time.Time // when the condition had held for forDur: Alertmanager's startsAt
	resolvedAt   time.Time
	lastSent     time.Time // last time it was handed to the Alertmanager outboxes

	seen   uint64        // the evaluation in which the condition last held
	dirty  bool          // changed since it was last persisted
	settle bool          // a new alert about a deadline settled long before Jalon learned of it
	annKey annotationKey // what the annotations were written from
}

// event is what an evaluation changed that webhooks are told of.
type event int

const (
	evNone event = iota
	evFired
	evResolved
)

// step advances the state machine at now, given whether the condition
// holds. It returns the event to notify, and whether the alert is to be
// forgotten: a pending alert whose condition no longer holds (it never
// fired, so nobody is told), or a resolved one past its retention.
func (a *alert) step(now time.Time, active bool, retention time.Duration) (ev event, forget bool) {
	if active {
		switch {
		case a.state == StateInactive && a.settle:
			a.state, a.activeAt, a.dirty = StateSettled, now, true
			return evNone, false
		case a.state == StateSettled:
			return evNone, false
		}
		if a.state == StateInactive || a.state == StateResolved {
			// A new episode: a fresh activeAt, and no trace of the last one.
			a.state, a.activeAt, a.dirty = StatePending, now, true
			a.firedAt, a.resolvedAt, a.lastSent = time.Time{}, time.Time{}, time.Time{}
		}
		if a.state == StatePending && now.Sub(a.activeAt) >= a.forDur {
			a.state, a.firedAt, a.dirty = StateFiring, now, true
			return evFired, false
		}
		return evNone, false
	}
	switch a.state {
	case StateFiring:
		a.state, a.resolvedAt, a.dirty = StateResolved, now, true
		return evResolved, false
	case StateResolved:
		return evNone, now.Sub(a.resolvedAt) >= retention
	}
	return evNone, true
}

// needsSending reports whether Alertmanager must be sent the alert at now,
// by Prometheus' rule: a firing alert at once, then every resend delay so
// that its endsAt never passes while it fires; a resolved alert at once,
// then every resend delay while it is retained, so that an Alertmanager
// that missed the resolve (restarted, partitioned) still learns of it.
func (a *alert) needsSending(now time.Time, resend time.Duration) bool {
	switch {
	case a.state != StateFiring && a.state != StateResolved:
		return false
	case a.state == StateResolved && a.resolvedAt.After(a.lastSent):
		return true
	}
	return a.lastSent.IsZero() || !now.Before(a.lastSent.Add(resend))
}

// Alert is an alert as Manager.Alerts reports it.
type Alert struct {
	Fingerprint  string
	Labels       Labels
	Annotations  map[string]string
	State        State
	ActiveAt     time.Time
	FiredAt      time.Time // zero unless it fired
	ResolvedAt   time.Time // zero unless resolved
	LastSentAt   time.Time // last handed to the Alertmanager outboxes
	GeneratorURL string
}

func (a *alert) view() Alert {
	return Alert{Fingerprint: fpString(a.fp), Labels: a.labels.get(nil), Annotations: annotationMap(a.annotations), State: a.state,
		ActiveAt: a.activeAt, FiredAt: a.firedAt, ResolvedAt: a.resolvedAt, LastSentAt: a.lastSent,
		GeneratorURL: a.generatorURL}
}
