package assessment

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// Book records assessments in the store and reads their history back.
type Book struct {
	st Store
	mu sync.Mutex // serialises Record's search for a free key
}

// Store is where the assessments are kept: a state bucket, each record
// written with its audit entry in one transaction.
type Store interface {
	GetState(bucket store.StateBucket, key string) ([]byte, error)
	PutStateAudited(bucket store.StateBucket, key string, value []byte, e store.AuditEntry) error
	ListState(bucket store.StateBucket, prefix string, fn func(key string, value []byte) error) error
}

// NewBook returns the assessments kept in st.
func NewBook(st Store) *Book { return &Book{st: st} }

// record is an assessment as stored: its key holds the objective and time.
type record struct {
	Objective string    `json:"objective"`
	Indicator string    `json:"indicator,omitempty"`
	Rating    string    `json:"rating"`
	Comment   string    `json:"comment"`
	Actions   string    `json:"actions,omitempty"`
	Author    string    `json:"author"`
	Actor     string    `json:"actor"`
	Time      time.Time `json:"time"`
}

// key orders an objective's assessments by time: the objective, the time
// in fixed-width nanoseconds, then n, which tells apart two assessments
// recorded at the same instant (a coarse clock), then the indicator.
func key(a *Assessment, n int) string {
	return fmt.Sprintf("%s\x00%020d\x00%04d\x00%s", a.Objective, a.Time.UnixNano(), n, a.Indicator)
}

// freeKey returns the first key of a not yet taken. Called with b.mu held.
func (b *Book) freeKey(a *Assessment) (string, error) {
	for n := 0; ; n++ {
		k := key(a, n)
		_, err := b.st.GetState(store.StateAssessments, k)
		if errors.Is(err, store.ErrNotFound) {
			return k, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// Record checks a and keeps it, with an audit entry naming actor, the
// token that sent it. Earlier assessments stay: the history is whole.
func (b *Book) Record(a Assessment, actor string) error {
	if err := a.Check(); err != nil {
		return err
	}
	a.Time = a.Time.UTC()
	data, err := json.Marshal(record{Objective: a.Objective, Indicator: a.Indicator, Rating: string(a.Rating),
		Comment: a.Comment, Actions: a.Actions, Author: a.Author, Actor: actor, Time: a.Time})
	if err != nil {
		return fmt.Errorf("encode assessment of %s: %w", a.Objective, err)
	}
	e := store.AuditEntry{Time: a.Time, Actor: actor, Action: store.ActionAssess, Objective: a.Objective,
		Indicator: a.Indicator, Rating: string(a.Rating), Reason: a.Comment}
	b.mu.Lock()
	defer b.mu.Unlock()
	k, err := b.freeKey(&a)
	if err == nil {
		err = b.st.PutStateAudited(store.StateAssessments, k, data, e)
	}
	if err != nil {
		return fmt.Errorf("record assessment of %s: %w", a.Objective, err)
	}
	return nil
}

// History returns the assessments of objective, oldest first; all
// objectives' with "".
func (b *Book) History(objective string) ([]Assessment, error) {
	prefix := ""
	if objective != "" {
		prefix = objective + "\x00"
	}
	var out []Assessment
	err := b.st.ListState(store.StateAssessments, prefix, func(k string, v []byte) error {
		var r record
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("assessment %q: %w", strings.ReplaceAll(k, "\x00", "/"), err)
		}
		out = append(out, Assessment{Objective: r.Objective, Indicator: r.Indicator, Rating: indicators.Confidence(r.Rating),
			Comment: r.Comment, Actions: r.Actions, Author: r.Author, Time: r.Time})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read assessments: %w", err)
	}
	return out, nil
}

// Latest returns the latest assessment of each objective, and of each
// indicator assessed apart, keyed by Key.
func (b *Book) Latest() (map[Key]Assessment, error) {
	all, err := b.History("")
	if err != nil {
		return nil, err
	}
	return LatestOf(all), nil
}

// Key names what an assessment is about: an objective, or one of its
// indicators.
type Key struct{ Objective, Indicator string }

// LatestOf returns the latest of each key among as.
func LatestOf(as []Assessment) map[Key]Assessment {
	out := map[Key]Assessment{}
	for _, a := range as {
		k := Key{a.Objective, a.Indicator}
		if prev, ok := out[k]; !ok || !a.Time.Before(prev.Time) {
			out[k] = a
		}
	}
	return out
}
