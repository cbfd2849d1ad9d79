package pages

import (
	"net/http"
	"strings"
	"testing"
)

// TestStaticHostilePaths asks the stylesheet's directory for paths that try
// to leave it or that no file system can name: each gets a 4xx page, never
// a 5xx nor a file from elsewhere, while the stylesheet is still served.
func TestStaticHostilePaths(t *testing.T) {
	h := newPagesHarness(t)
	pages := h.pages(Options{})
	paths := []string{
		"/static/%c0%ae%c0%ae/etc/passwd", // overlong UTF-8 for ".."
		"/static/%c0%ae%c0%ae/%c0%ae%c0%ae/jalon.css",
		"/static/%c0%af",                        // overlong UTF-8 for "/"
		"/static/%ff%fe",                        // not UTF-8 at all
		"/static/jalon.css%00",                  // NUL
		"/static/%00",                           // NUL alone
		"/static/..%2f..%2fetc%2fpasswd",        // encoded slashes
		"/static/..%5c..%5cetc%5cpasswd",        // encoded backslashes
		"/static/%2e%2e/%2e%2e/etc/passwd",      // encoded dots
		"/static/jalon.css/",                    // a file taken for a directory
		"/static/jalon.css/x",                   // below a file
		"/static/nope.css",                      // absent
		"/static/" + strings.Repeat("a", 10000), // very long
		"/static/" + strings.Repeat("a/", 3000), // very deep
		"/static/%e2%80%a8",                     // U+2028
		"/static/con",                           // a reserved name elsewhere
		"/static/.",                             // the directory itself
		"/static/jalon.css%20",                  // trailing space
		"/static/%252e%252e/etc/passwd",         // double-encoded
		"/static/%5c%5cserver%5cshare",          // UNC path
		"/static/C:%5cwindows%5cwin.ini",        // drive letter
	}
	for _, p := range paths {
		w := page(t, pages, p)
		if w.Code >= 500 || w.Code < 300 && w.Code != http.StatusOK {
			t.Errorf("GET %.80s = %d, want a 4xx (or a redirect)", p, w.Code)
		}
		if w.Code == http.StatusOK && strings.Contains(w.Body.String(), "root:") {
			t.Errorf("GET %.80s served a file from outside /static/", p)
		}
	}
	if w := page(t, pages, "/static/jalon.css"); w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("GET /static/jalon.css = %d %q, want 200 text/css", w.Code, w.Header().Get("Content-Type"))
	}
}
