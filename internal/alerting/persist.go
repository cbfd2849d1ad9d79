package alerting

import (
	"cmp"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// record is an alert as kept in store.StateAlerts under its fingerprint
// (16 hex digits). Every alert that is not inactive has one, written in the
// same transaction as the notifications its change causes.
type record struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
	State        State             `json:"state"`
	For          time.Duration     `json:"for"`
	ActiveAt     time.Time         `json:"activeAt"`
	FiredAt      time.Time         `json:"firedAt,omitzero"`
	ResolvedAt   time.Time         `json:"resolvedAt,omitzero"`
	LastSent     time.Time         `json:"lastSent,omitzero"`
}

// change returns the store change that records a, as if sent at lastSent.
func (a *alert) change(lastSent time.Time) store.StateChange {
	return store.StateChange{Bucket: store.StateAlerts, Key: fpString(a.fp), Value: appendRecord(nil, a, lastSent)}
}

func forgetChange(fp uint64) store.StateChange {
	return store.StateChange{Bucket: store.StateAlerts, Key: fpString(fp), Delete: true}
}

// loadAlerts reads every persisted alert. A record that cannot be read is
// logged and skipped rather than keeping the daemon down: the worst it can
// cause is one alert paged again.
func loadAlerts(st StateStore, logger *slog.Logger) (map[uint64]*alert, error) {
	out := map[uint64]*alert{}
	in := interner{}
	var r record
	err := st.ListState(store.StateAlerts, "", func(key string, v []byte) error {
		r = record{}
		err := json.Unmarshal(v, &r)
		if err == nil && !slices.Contains([]State{StatePending, StateFiring, StateResolved, StateSettled}, r.State) {
			err = fmt.Errorf("unknown state %q", r.State)
		}
		if err != nil {
			logger.Error("skipping unreadable alert state", "key", key, "err", err)
			return nil
		}
		ls := in.labels(r.Labels, nil)
		a := &alert{fp: fingerprint(ls), labels: labelParts{own: ls}, annotations: in.labels(r.Annotations, annotationValues), generatorURL: in.get(r.GeneratorURL),
			state: r.State, forDur: r.For, activeAt: r.ActiveAt, firedAt: r.FiredAt, resolvedAt: r.ResolvedAt, lastSent: r.LastSent}
		out[a.fp] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load alert states: %w", err)
	}
	return out, nil
}

// interner shares, among the records loaded at start, the strings that
// repeat from alert to alert: label names and values (alertname, owner,
// indicator…), annotation names and links. Decoded apart, each record
// would hold its own copies, a few hundred bytes an alert.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// annotationValues are the annotations whose values repeat from alert to
// alert; summaries and descriptions quote each series' own figures.
var annotationValues = map[string]bool{"indicator_url": true, "runbook_url": true}

// labels returns m sorted by name, nil if empty, with its names interned
// and its values too unless shared says which to intern (annotations).
func (in interner) labels(m map[string]string, shared map[string]bool) Labels {
	if len(m) == 0 {
		return nil
	}
	ls := make(Labels, 0, len(m))
	for k, v := range m {
		if shared == nil || shared[k] {
			v = in.get(v)
		}
		ls = append(ls, indicators.Label{Name: in.get(k), Value: v})
	}
	slices.SortFunc(ls, func(a, b indicators.Label) int { return cmp.Compare(a.Name, b.Name) })
	return ls
}
