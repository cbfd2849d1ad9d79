package pages

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
)

var csrfFieldRE = regexp.MustCompile(`<input type="hidden" name="csrf" value="([0-9a-f]{64})">`)

// assessHarness is the pages over a real store holding the catalog
// fixture, with tokens: "r" reads, "a" assesses every objective.
func assessHarness(t *testing.T) (*harness, http.Handler, *assessment.Book) {
	t.Helper()
	h := harnessWith(t, store.Options{Now: func() time.Time { return testNow }},
		config.Token{Name: "reader", Hash: config.HashToken("r"), Scopes: []config.Scope{"read"}},
		config.Token{Name: "dns", Hash: config.HashToken("a"), Scopes: []config.Scope{"read", "assess:*"}})
	var ms []indicators.Measurement
	for _, m := range catalogFixture(h.eval.Catalog(), testNow) {
		at, _ := time.Parse(time.DateOnly, m["time"].(string))
		x := indicators.Measurement{Indicator: m["indicator"].(string), Time: at, Value: m["value"].(float64)}
		if ls, ok := m["labels"].(map[string]string); ok {
			for k, v := range ls {
				x.Labels = append(x.Labels, indicators.Label{Name: k, Value: v})
			}
		}
		ms = append(ms, x)
	}
	if _, err := h.store.Write(t.Context(), ms, "test"); err != nil {
		t.Fatal(err)
	}
	h.eval.Touch(ms)
	h.refresh(t)
	book := assessment.NewBook(h.store)
	return h, h.pages(Options{Assessments: book, Assessor: h.api, Now: func() time.Time { return testNow }}), book
}

// redObjective returns an objective whose figures give amber/red or red.
func redObjective(t *testing.T, h *harness) string {
	t.Helper()
	s := h.eval.Snapshot()
	for _, o := range s.Catalog.Objectives {
		if c := assessment.Computed(s, assessment.Key{Objective: o.ID}); c == indicators.ConfidenceRed || c == indicators.ConfidenceAmberRed {
			return o.ID
		}
	}
	t.Fatal("no objective of the fixture is amber/red or red")
	return ""
}

func postForm(t *testing.T, pages http.Handler, path, secret, cookie string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	r.RemoteAddr = "192.0.2.1:40000"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", "Bearer "+secret)
	if cookie != "" {
		r.AddCookie(&http.Cookie{Name: csrfCookie, Value: cookie})
	}
	w := httptest.NewRecorder()
	pages.ServeHTTP(w, r)
	return w
}

// TestAssessForm: the objective page's form records an assessment only
// with its anti-forgery token and an assess scope; the page then shows it,
// in French, flagged when it is two levels more optimistic than the figures.
func TestAssessForm(t *testing.T) {
	h, pages, book := assessHarness(t)
	id := redObjective(t, h)
	path := "/objectives/" + id
	if body := page(t, pages, path, "Authorization", "Bearer r").Body.String(); strings.Contains(body, `name="csrf"`) {
		t.Errorf("GET %s with a read token shows the form", path)
	}
	w := page(t, pages, path, "Authorization", "Bearer a")
	m := csrfFieldRE.FindStringSubmatch(w.Body.String())
	cookies := w.Result().Cookies()
	if m == nil || len(cookies) != 1 || cookies[0].Value != m[1] || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("GET %s with an assess token: form token %v, cookies %v; want the same token in both, HttpOnly, SameSite=Strict", path, m, cookies)
	}
	form := url.Values{"rating": {"green"}, "comment": {"Tout va bien"}, "author": {"Mme Durand"}, "csrf": {m[1]}}
	tests := []struct {
		name, secret, cookie string
		form                 url.Values
		want                 int
	}{
		{"no csrf token", "a", m[1], url.Values{"rating": {"green"}, "comment": {"x"}}, http.StatusForbidden},
		{"no cookie", "a", "", form, http.StatusForbidden},
		{"read scope only", "r", m[1], form, http.StatusForbidden},
		{"no token", "", m[1], form, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		if w := postForm(t, pages, path+"/assessments", tc.secret, tc.cookie, tc.form); w.Code != tc.want {
			t.Errorf("%s: POST = %d, want %d", tc.name, w.Code, tc.want)
		}
	}
	if hist, _ := book.History(id); len(hist) != 0 {
		t.Fatalf("refused posts recorded %+v", hist)
	}
	w = postForm(t, pages, path+"/assessments?lang=fr", "a", m[1], form)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != path+"?lang=fr#assessment" {
		t.Fatalf("POST with token and scope = %d, Location %q; want 303 to the page", w.Code, w.Header().Get("Location"))
	}
	body := page(t, pages, path+"?lang=fr", "Authorization", "Bearer r").Body.String()
	for _, want := range []string{"Appréciation des pilotes", "par Mme Durand le 2025-06-30", "Tout va bien",
		"Divergence : les pilotes sont d’au moins deux niveaux plus optimistes que les chiffres."} {
		if !strings.Contains(body, want) {
			t.Errorf("GET %s?lang=fr lacks %q", path, want)
		}
	}
	// A rating is the owners' judgement: it carries no probability (it
	// read "Vert (0 %)").
	section := body[strings.Index(body, "Appréciation des pilotes"):]
	section = section[:strings.Index(section, "</section>")]
	if strings.Contains(section, "(0\u202f%)") {
		t.Errorf("GET %s?lang=fr shows the owners' rating with a probability of 0 %%", path)
	}
}
