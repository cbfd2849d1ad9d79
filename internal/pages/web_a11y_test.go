package pages

import (
	"regexp"
	"strings"
	"testing"
)

var (
	thRE      = regexp.MustCompile(`<th[ >][^>]*`)
	svgRE     = regexp.MustCompile(`<svg [^>]*>`)
	labelByRE = regexp.MustCompile(`aria-labelledby="([^"]+)"`)
	idRE      = regexp.MustCompile(` id="([^"]+)"`)
	h1RE      = regexp.MustCompile(`<h1[ >]`)
)

// TestPagesAccessible checks the structure assistive technologies rely on,
// on every page of a full catalog: one h1, a language, table headers with
// a scope, charts as labelled images whose labels exist, unique ids, and
// no script.
func TestPagesAccessible(t *testing.T) {
	h := newPagesHarness(t)
	pushCatalogFixture(t, h)
	pushPagesFixture(t, h)
	pages := h.pages(fullOptions())
	paths := []string{"/", "/?status=at_risk", "/alerts", "/pullers", "/nowhere"}
	for _, o := range h.eval.Catalog().Objectives {
		paths = append(paths, "/objectives/"+o.ID)
		for _, ind := range o.Indicators {
			paths = append(paths, "/indicators/"+ind.ID)
		}
	}
	for _, path := range paths {
		body := page(t, pages, path).Body.String()
		checkAccessible(t, path, body)
	}
}

func checkAccessible(t *testing.T, path, body string) {
	t.Helper()
	if n := len(h1RE.FindAllString(body, -1)); n != 1 {
		t.Errorf("%s: %d h1, want 1", path, n)
	}
	if !regexp.MustCompile(`<html lang="(en|fr)">`).MatchString(body) {
		t.Errorf("%s: no <html lang>", path)
	}
	if strings.Contains(body, "<script") || strings.Contains(body, " style=") {
		t.Errorf("%s: has a script or an inline style", path)
	}
	for _, th := range thRE.FindAllString(body, -1) {
		if !strings.Contains(th, "scope=") {
			t.Errorf("%s: table header without scope: %s", path, th)
		}
	}
	ids := map[string]bool{}
	for _, m := range idRE.FindAllStringSubmatch(body, -1) {
		if ids[m[1]] {
			t.Errorf("%s: id %q used twice", path, m[1])
		}
		ids[m[1]] = true
	}
	for _, svg := range svgRE.FindAllString(body, -1) {
		by := labelByRE.FindStringSubmatch(svg)
		if !strings.Contains(svg, `role="img"`) || by == nil {
			t.Errorf("%s: chart is not a labelled image: %s", path, svg)
			continue
		}
		for _, id := range strings.Fields(by[1]) {
			if !ids[id] {
				t.Errorf("%s: chart labelled by missing id %q", path, id)
			}
		}
	}
}
