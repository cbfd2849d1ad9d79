package alerting

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/jalonhq/jalon/store"
)

// commit writes, in one transaction, the changed alert states and the
// notifications of state changes, then hands every notification to the
// senders. If the transaction fails, nothing was sent: the states stay
// dirty and the webhook notifications wait for the next cycle's commit.
//
// An Alertmanager re-send of an unchanged alert is not written: it only
// refreshes what the durable state already says, and a restart re-sends
// every firing alert at once. Writing it would cost a store write per
// firing alert per resend delay.
func (m *Manager) commit(now time.Time, adds []planned, sending []*alert, forgotten []uint64) error {
	isSending := make(map[*alert]bool, len(sending))
	for _, a := range sending {
		isSending[a] = true
		for _, r := range m.outbox.receivers {
			if r.coalesce {
				e := &entry{ID: newID(), Created: now, Status: string(stateOf(a)), Alerts: []Notice{a.notice()}, fp: a.fp, durable: a.dirty}
				adds = append(adds, planned{r, e})
			}
		}
	}
	var changes []store.StateChange
	for _, a := range m.alerts {
		if a.dirty {
			lastSent := a.lastSent
			if isSending[a] {
				lastSent = now
			}
			changes = append(changes, a.change(lastSent))
		}
	}
	for _, fp := range forgotten {
		changes = append(changes, forgetChange(fp))
	}
	byReceiver := map[*receiver][]*entry{}
	for _, p := range adds {
		byReceiver[p.r] = append(byReceiver[p.r], p.e)
	}
	plan := m.outbox.plan(byReceiver)
	if len(changes)+len(plan.changes) > 0 {
		if err := m.st.UpdateState(append(changes, plan.changes...)); err != nil {
			m.unsaved = webhookOnly(adds)
			return err
		}
	}
	m.unsaved = nil
	for _, a := range m.alerts {
		a.dirty = false
	}
	for _, a := range sending {
		a.lastSent = now
	}
	m.outbox.apply(plan)
	return nil
}

func webhookOnly(ps []planned) []planned {
	var out []planned
	for _, p := range ps {
		if !p.r.coalesce {
			out = append(out, p)
		}
	}
	return out
}

func stateOf(a *alert) State {
	if a.state == StateResolved {
		return StateResolved
	}
	return StateFiring
}

// notice returns the alert as notifications carry it.
func (a *alert) notice() Notice {
	if a.noticeAnn == nil {
		a.noticeAnn = annotationMap(a.annotations)
	}
	n := Notice{Fingerprint: fpString(a.fp), Status: string(stateOf(a)), Labels: a.labels.get(nil).Map(),
		Annotations: a.noticeAnn, StartsAt: a.firedAt, GeneratorURL: a.generatorURL}
	if a.state == StateResolved {
		n.EndsAt = a.resolvedAt
	}
	return n
}

// newID returns a random idempotency key.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
