package wire

import "time"

// Alerts is the body of GET /api/v1/alerts.
type Alerts struct {
	Alerts []Alert `json:"alerts"`
}

// Alert is one pending, firing, recently resolved or settled alert. Times that have
// not happened are null.
type Alert struct {
	Fingerprint  string            `json:"fingerprint"`
	State        string            `json:"state"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	ActiveAt     time.Time         `json:"active_at"`
	FiredAt      *time.Time        `json:"fired_at"`
	ResolvedAt   *time.Time        `json:"resolved_at"`
	LastSentAt   *time.Time        `json:"last_sent_at"`
	GeneratorURL string            `json:"generator_url"`
}
