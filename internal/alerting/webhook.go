package alerting

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"
)

// The webhook's headers, documented in docs/alerting.md.
const (
	HeaderSignature   = "X-Jalon-Signature" // "sha256=" and the hex HMAC-SHA256 of the body
	HeaderIdempotency = "Idempotency-Key"   // the notification's id, the same on every attempt
)

// webhookAlerts is the most alerts one webhook notification carries.
const webhookAlerts = 100

// webhook posts notifications, one per request, to a URL, signed.
type webhook struct {
	name        string
	url         string
	secret      []byte
	client      *http.Client
	timeout     time.Duration
	externalURL string
}

// WebhookBody is the JSON body of a webhook notification.
type WebhookBody struct {
	Version     string    `json:"version"` // "1"
	ID          string    `json:"id"`      // the idempotency key: a retry carries the same
	Receiver    string    `json:"receiver"`
	Status      string    `json:"status"` // "firing" or "resolved", as every alert in it
	ExternalURL string    `json:"externalURL"`
	CreatedAt   time.Time `json:"createdAt"`
	Alerts      []Notice  `json:"alerts"`
}

func (w *webhook) batchSize() int { return 1 }

// send posts one notification. Its body depends on the entry alone, so a
// retry sends the same bytes with the same signature.
func (w *webhook) send(ctx context.Context, batch []*entry) error {
	e := batch[0]
	body, err := json.Marshal(WebhookBody{Version: "1", ID: e.ID, Receiver: w.name, Status: e.Status,
		ExternalURL: w.externalURL, CreatedAt: e.Created, Alerts: e.Alerts})
	if err != nil {
		return err
	}
	h := http.Header{}
	h.Set(HeaderIdempotency, e.ID)
	h.Set(HeaderSignature, Sign(w.secret, body))
	return post(ctx, w.client, w.timeout, w.url, body, h)
}

// Sign returns the signature header value of body under secret:
// "sha256=" and the hex HMAC-SHA256. A receiver recomputes it over the raw
// body and compares with hmac.Equal.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}
