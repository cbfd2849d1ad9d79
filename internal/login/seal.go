package login

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// sealer signs cookie values with HMAC-SHA256, so that a browser can hold
// them but not forge or alter them. Nothing sealed is secret: the value is
// only encoded.
type sealer struct {
	key []byte
	now func() time.Time
}

// sealed is a cookie's value with its expiry, checked when opened: a
// cookie's own Max-Age is only a request to the browser.
type sealed[T any] struct {
	Value   T     `json:"v"`
	Expires int64 `json:"exp"`
}

func seal[T any](s sealer, v T, ttl time.Duration) string {
	payload, _ := json.Marshal(sealed[T]{Value: v, Expires: s.now().Add(ttl).Unix()})
	body := base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + base64.RawURLEncoding.EncodeToString(s.mac(body))
}

// unseal returns the value sealed in text, if its signature holds and it
// has not expired.
func unseal[T any](s sealer, text string) (T, bool) {
	var out sealed[T]
	body, sig, ok := strings.Cut(text, ".")
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil || !hmac.Equal(mac, s.mac(body)) {
		return out.Value, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || json.Unmarshal(payload, &out) != nil || s.now().Unix() >= out.Expires {
		var zero T
		return zero, false
	}
	return out.Value, true
}

func (s sealer) mac(body string) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte(body))
	return h.Sum(nil)
}
