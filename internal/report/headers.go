package report

import "net/http"

// SetHTMLHeaders sets the headers of every HTML answer jalond sends,
// reports and web pages alike: no script, no framing, nothing fetched
// from elsewhere.
func SetHTMLHeaders(h http.Header) {
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}
