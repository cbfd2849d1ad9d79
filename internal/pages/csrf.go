package pages

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
)

// csrfCookie holds the anti-forgery token of the pages' forms (double
// submit): the form carries the same value in a hidden field, which a page
// on another site can neither read nor set, so a forged POST lacks it.
// The route table's cross-origin protection refuses such POSTs too; this
// covers browsers that send neither Sec-Fetch-Site nor Origin.
const csrfCookie = "jalon_csrf"

// csrfToken returns the browser's token, setting a new one when it has
// none.
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && validToken(c.Value) {
		return c.Value
	}
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand documents it)
	tok := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	return tok
}

// csrfValid reports whether the posted form's token matches the cookie.
func csrfValid(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	form := r.PostForm.Get("csrf")
	return err == nil && validToken(c.Value) && subtle.ConstantTimeCompare([]byte(c.Value), []byte(form)) == 1
}

func validToken(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && len(s) == 64
}
