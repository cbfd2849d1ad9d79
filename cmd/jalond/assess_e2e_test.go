package main

import (
	"context"
	"io"
	"net/http"
	neturl "net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/internal/testpeer/oidcprovider"
	"github.com/jalonhq/jalon/wire"
)

// assessComment is what the owners write in the form: accents and an
// apostrophe, to see them survive the form, the store and the page.
const assessComment = "Rattrapage engagé : l'ARS relance les établissements."

// TestAssessFormInChromium records an owners' assessment the way an owner
// does: logged in through a real OpenID provider with an assess scope,
// Chromium fills the objective page's form and sends it. The page then
// shows it, the API's history holds it, a restart on the same data
// directory keeps it, and a form sent without its anti-forgery token
// (cookie cleared, or a POST crafted with the session alone) records
// nothing.
func TestAssessFormInChromium(t *testing.T) {
	browser := testpeer.Binary(t, "chromium")
	dir := t.TempDir()
	addr := testpeer.FreeAddr(t)
	base := "http://" + addr
	provider := oidcprovider.Start(t, oidcprovider.Client{ID: "jalon", Secret: "client-s3cret", RedirectURI: base + "/login/callback"},
		oidcprovider.User{Name: "durand", Password: "durand-pw", Email: "durand@example.org", Groups: []string{"jalon-owners"}})
	writeTestFile(t, filepath.Join(dir, "client-secret"), "client-s3cret\n")
	cfg := filepath.Join(dir, "jalon.toml")
	writeTestFile(t, cfg, "[[token]]\nname = \"reader\"\nhash = \""+config.HashToken("read-tok")+"\"\nscopes = [\"read\"]\n"+
		"[oidc]\nissuer_url = \""+provider.Issuer+"\"\nclient_id = \"jalon\"\nclient_secret_file = \"client-secret\"\n"+
		"redirect_url = \""+base+"/login/callback\"\n[[oidc.grant]]\nclaim = \"groups\"\nvalue = \"jalon-owners\"\nscopes = [\"read\", \"assess:1-1\"]\n")
	data := filepath.Join(dir, "data")
	d := startDaemon(t, data, "--config.file="+cfg, "--web.listen-address="+addr)

	ctx := newBrowser(t, browser)
	browse(t, ctx, "open the roadmap", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("main a.button")))
	logIn(t, ctx, "durand", "durand-pw")
	browse(t, ctx, "wait for the roadmap", chromedp.WaitVisible(chromedp.CSS("form.account button")))

	text := browseText(t, ctx, "fill and send the assessment form", "#assessment",
		chromedp.Navigate(base+"/objectives/1-1"), chromedp.WaitVisible(chromedp.CSS("form.assess-form")),
		chromedp.SetValue(chromedp.ID("assess-rating"), "amber_red"),
		chromedp.SendKeys(chromedp.ID("assess-comment"), assessComment),
		chromedp.SendKeys(chromedp.ID("assess-actions"), "Point mensuel avec les ARS"),
		chromedp.SendKeys(chromedp.ID("assess-author"), "Mme Durand"),
		chromedp.Submit(chromedp.CSS("form.assess-form")),
		chromedp.WaitVisible(chromedp.CSS("#assessment blockquote")))
	for _, want := range []string{"by Mme Durand on", assessComment, "Point mensuel avec les ARS"} {
		if !strings.Contains(text, want) {
			t.Errorf("objective page after the form reads %q, want %q", text, want)
		}
	}
	want := wire.Assessment{Objective: "1-1", Rating: "amber_red", Comment: assessComment, Actions: "Point mensuel avec les ARS", Author: "Mme Durand"}
	checkAssessments(t, d, want)

	t.Run("without the anti-forgery cookie", func(t *testing.T) {
		text := browseText(t, ctx, "send the form without its cookie", "body",
			chromedp.Navigate(base+"/objectives/1-1"), chromedp.WaitVisible(chromedp.CSS("form.assess-form")),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, network.DeleteCookies, network.DeleteCookiesParams{Name: "jalon_csrf", URL: base + "/"})
				return err
			}),
			chromedp.SendKeys(chromedp.ID("assess-comment"), "Forgé sans cookie"),
			chromedp.Submit(chromedp.CSS("form.assess-form")),
			chromedp.WaitNotPresent(chromedp.CSS("form.assess-form")))
		if !strings.Contains(text, "anti-forgery token is missing") {
			t.Errorf("form sent without its cookie answered %q, want the anti-forgery refusal", text)
		}
		checkAssessments(t, d, want)
	})
	t.Run("crafted POST with the session alone", func(t *testing.T) {
		code, body := postWithSession(t, ctx, base)
		if code != http.StatusForbidden || !strings.Contains(body, "anti-forgery token is missing") {
			t.Errorf("POST /objectives/1-1/assessments without csrf = %d %q, want 403 and the anti-forgery refusal", code, body[:min(len(body), 300)])
		}
		checkAssessments(t, d, want)
	})

	d.stop(t)
	d = startDaemon(t, data, "--config.file="+cfg, "--web.listen-address="+addr)
	checkAssessments(t, d, want)
	code, page, err := d.do("GET", "/objectives/1-1", "read-tok", nil)
	if err != nil || code != http.StatusOK || !strings.Contains(string(page), "Mme Durand") {
		t.Errorf("GET /objectives/1-1 after a restart = %d, %v; want 200 showing Mme Durand's assessment", code, err)
	}
}

// checkAssessments asks the API for objective 1-1's history and wants it
// to hold exactly want (its time aside).
func checkAssessments(t *testing.T, d *daemon, want wire.Assessment) {
	t.Helper()
	var got wire.Assessments
	d.getJSON(t, "/api/v1/objectives/1-1/assessments", "read-tok", &got)
	if len(got.Assessments) != 1 {
		t.Fatalf("GET /api/v1/objectives/1-1/assessments holds %d assessments (%+v), want 1", len(got.Assessments), got.Assessments)
	}
	a := got.Assessments[0]
	if a.Time.IsZero() {
		t.Errorf("recorded assessment has no time: %+v", a)
	}
	a.Time = want.Time
	if a != want {
		t.Errorf("recorded assessment = %+v, want %+v", a, want)
	}
}

// postWithSession sends the assessment form from outside the browser with
// all the browser's cookies, the anti-forgery one included, but no csrf
// field: what a page on another site makes a browser send.
func postWithSession(t *testing.T, ctx context.Context, base string) (int, string) {
	t.Helper()
	browse(t, ctx, "open the objective page", chromedp.Navigate(base+"/objectives/1-1"), chromedp.WaitVisible(chromedp.CSS("form.assess-form")))
	cookies, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]*network.Cookie, error) {
		res, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
		return res.Cookies, err
	})
	if err != nil {
		t.Fatalf("read the browser's cookies: %v", err)
	}
	form := neturl.Values{"rating": {"green"}, "comment": {"Tout va bien"}, "author": {"Forger"}}
	req, err := http.NewRequest(http.MethodPost, base+"/objectives/1-1/assessments", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var names []string
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		names = append(names, c.Name)
	}
	if !slices.Contains(names, "jalon_csrf") || len(names) < 2 {
		t.Fatalf("browser holds cookies %v, want the session and jalon_csrf", names)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST the form: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
