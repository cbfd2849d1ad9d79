package alerting

import "fmt"

// Reload reads the alert states and the outbox again from the store, as New
// does: a replica becoming leader takes over what the previous leader
// recorded (each alert's activeAt, firedAt and lastSent, the notifications
// not yet delivered), so that an alert firing before the handover keeps its
// startsAt and a waiting notification is delivered by the new leader. It
// must not run while Run does; the caller reloads, then runs, each term.
func (m *Manager) Reload() error {
	if err := m.ReloadAlerts(); err != nil {
		return err
	}
	o := m.outbox
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.receivers {
		r.queue, r.live, r.byFP = nil, 0, map[uint64]*entry{}
	}
	if err := o.load(); err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	return nil
}

// ReloadAlerts reads the alert states again from the store, leaving the
// outbox alone: a follower, which delivers nothing, calls it to show the
// leader's alerts on its pages and API.
func (m *Manager) ReloadAlerts() error {
	alerts, err := loadAlerts(m.st, m.opts.Logger)
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rules != nil {
		for _, a := range alerts {
			m.rules.share(a)
		}
	}
	m.alerts, m.unsaved = alerts, nil
	return nil
}
