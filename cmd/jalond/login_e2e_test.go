package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/internal/testpeer/oidcprovider"
)

// TestLoginInChromium logs in to the pages through a real OpenID provider,
// Chromium following every redirect: the pages ask to log in, the
// provider's form is filled, jalond shows the roadmap to a reader, logs
// out, and refuses a user whose groups grant nothing.
func TestLoginInChromium(t *testing.T) {
	browser := testpeer.Binary(t, "chromium")
	dir := t.TempDir()
	addr := testpeer.FreeAddr(t)
	base := "http://" + addr
	provider := oidcprovider.Start(t, oidcprovider.Client{ID: "jalon", Secret: "client-s3cret", RedirectURI: base + "/login/callback"},
		oidcprovider.User{Name: "alice", Password: "alice-pw", Email: "alice@example.org", Groups: []string{"jalon-readers"}},
		oidcprovider.User{Name: "bob", Password: "bob-pw", Email: "bob@example.org", Groups: []string{"elsewhere"}})
	secret := filepath.Join(dir, "client-secret")
	writeTestFile(t, secret, "client-s3cret\n")
	cfg := filepath.Join(dir, "jalon.toml")
	writeTestFile(t, cfg, "[oidc]\nissuer_url = \""+provider.Issuer+"\"\nclient_id = \"jalon\"\nclient_secret_file = \"client-secret\"\n"+
		"redirect_url = \""+base+"/login/callback\"\n[[oidc.grant]]\nclaim = \"groups\"\nvalue = \"jalon-readers\"\nscopes = [\"read\"]\n")
	d := launchDaemon(t, filepath.Join(dir, "data"), "--config.file="+cfg, "--web.listen-address="+addr)
	d.waitListening(t)
	d.waitReady(t)

	ctx := newBrowser(t, browser)
	text := browseText(t, ctx, "open the roadmap", "main", chromedp.Navigate(base+"/"))
	if !strings.Contains(text, "Log in to read these pages.") {
		t.Fatalf("roadmap before login reads %q, want it to ask to log in", text)
	}
	logIn(t, ctx, "alice", "alice-pw")
	header := browseText(t, ctx, "read the roadmap", "header.site", chromedp.WaitVisible(chromedp.CSS("form.account button")))
	text = browseText(t, ctx, "read the roadmap", "main")
	if !strings.Contains(header, "alice@example.org") || strings.Contains(text, "Log in to read") {
		t.Fatalf("after login: header %q, main %q; want alice's roadmap", header, text)
	}
	text = browseText(t, ctx, "log out", "main", chromedp.Click(chromedp.CSS("form.account button")),
		chromedp.WaitVisible(chromedp.CSS("main a.button")))
	if !strings.Contains(text, "Log in to read these pages.") {
		t.Fatalf("after logout the roadmap reads %q, want it to ask to log in", text)
	}

	logIn(t, ctx, "bob", "bob-pw")
	waitLocation(t, ctx, "/login/callback")
	if body := browseText(t, ctx, "read bob's answer", "body"); !strings.Contains(body, "bob@example.org has logged in but may not use Jalon") {
		t.Fatalf("bob's login answered %q, want a refusal", body)
	}
	text = browseText(t, ctx, "open the roadmap as bob", "main", chromedp.Navigate(base+"/"))
	if !strings.Contains(text, "Log in to read these pages.") {
		t.Errorf("bob reads %q, want the pages to ask to log in", text)
	}
}

// logIn follows the page's log-in button to the provider and fills its
// form.
func logIn(t *testing.T, ctx context.Context, user, password string) {
	t.Helper()
	browse(t, ctx, "log in as "+user, chromedp.Click(chromedp.CSS("main a.button")),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user), chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("submit")))
}

func newBrowser(t *testing.T, bin string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The browser starts with the first action, and lives as long as that
	// action's context: not one of the timeouts of each step.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func browse(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s: %v (at %s)", what, err, loc)
	}
}

// browseText runs steps, then returns the text of the element sel.
func browseText(t *testing.T, ctx context.Context, what, sel string, steps ...chromedp.Action[chromedp.Void]) string {
	t.Helper()
	browse(t, ctx, what, steps...)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: text of %s: %v", what, sel, err)
	}
	return text
}

// waitLocation waits until the browser's page is at a URL with path.
func waitLocation(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	testpeer.Eventually(t, 60*time.Second, "the browser at "+path, func() bool {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		return err == nil && strings.Contains(loc, path)
	})
}
