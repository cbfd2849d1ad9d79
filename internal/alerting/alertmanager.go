package alerting

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// amBatch is how many alerts one POST to Alertmanager carries at most, as
// in Prometheus' notifier.
const amBatch = 256

// alertmanager sends alerts to one Alertmanager's v2 API.
type alertmanager struct {
	url     string // base URL + /api/v2/alerts
	client  *http.Client
	timeout time.Duration
	// validFor is 4 × max(resend delay, evaluation interval): a firing
	// alert's endsAt is that far ahead of each send, so that it stays
	// firing through three missed resends and resolves by itself if Jalon
	// disappears.
	validFor time.Duration
	now      func() time.Time
}

// amAlert is an alert in the body of POST /api/v2/alerts.
type amAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
}

func (am *alertmanager) batchSize() int { return amBatch }

// send posts the latest version of each alert in batch. endsAt is set at
// sending time, not when the entry was queued: an entry that waited out an
// outage must not reach Alertmanager already expired.
func (am *alertmanager) send(ctx context.Context, batch []*entry) error {
	now := am.now()
	alerts := make([]amAlert, 0, len(batch))
	for _, e := range batch {
		for _, n := range e.Alerts {
			a := amAlert{Labels: n.Labels, Annotations: n.Annotations, StartsAt: n.StartsAt, EndsAt: n.EndsAt, GeneratorURL: n.GeneratorURL}
			if n.EndsAt.IsZero() {
				a.EndsAt = now.Add(am.validFor)
			}
			alerts = append(alerts, a)
		}
	}
	body, err := json.Marshal(alerts)
	if err != nil {
		return err
	}
	return post(ctx, am.client, am.timeout, am.url, body, nil)
}
