package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	apiclient "github.com/jalonhq/jalon/client"
)

// defaultURL is where jalonctl finds jalond unless --url or JALON_URL says
// otherwise.
const defaultURL = "http://localhost:9721"

// client talks to a running jalond through the API client, and says what
// went wrong in jalonctl's words: which flag or variable to set.
type client struct {
	api     *apiclient.Client
	base    string
	token   string
	timeout time.Duration
	// urlFrom and tokenFrom say where base and token came from (a flag,
	// the environment, or "" for the default or none), for messages.
	urlFrom, tokenFrom string
}

// clientFlags registers --url and --token on fs; the returned function
// builds the client once the flags are parsed. The token may come from the
// environment (JALON_TOKEN) so that it stays out of shell history.
func clientFlags(e *env, fs *flag.FlagSet) func() (*client, error) {
	base := fs.String("url", "", "jalond base URL (default $JALON_URL, else "+defaultURL+")")
	token := fs.String("token", "", "bearer token (default $JALON_TOKEN)")
	timeout := fs.Duration("timeout", 30*time.Second, "request timeout")
	return func() (*client, error) {
		c := &client{timeout: *timeout}
		c.base, c.urlFrom = firstSet(*base, "--url", e.getenv("JALON_URL"), "JALON_URL")
		if c.base == "" {
			c.base = defaultURL
		}
		c.base = strings.TrimRight(c.base, "/")
		if err := checkBaseURL(c.base, c.urlFrom); err != nil {
			return nil, err
		}
		c.token, c.tokenFrom = firstSet(*token, "--token", e.getenv("JALON_TOKEN"), "JALON_TOKEN")
		api, err := apiclient.New(c.base, apiclient.Options{Token: c.token, Timeout: c.timeout})
		c.api = api
		return c, err
	}
}

// firstSet returns the flag's value if set, else the environment's, with
// the name of where it came from.
func firstSet(flagValue, flagName, envValue, envName string) (value, from string) {
	switch {
	case flagValue != "":
		return flagValue, flagName
	case envValue != "":
		return envValue, envName
	}
	return "", ""
}

// checkBaseURL refuses a base URL a request cannot be sent to: without
// http:// or https://, url.Parse reads "127.0.0.1:9721" as a path and
// "localhost:9721" as a scheme, and the error says neither.
func checkBaseURL(base, from string) error {
	u, err := url.Parse(base)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	if from == "" {
		from = "the default URL"
	}
	example := defaultURL
	if !strings.Contains(base, "://") {
		example = "http://" + base
	}
	return usageError{fmt.Sprintf("%s %q wants http:// or https://, e.g. %s", from, base, example)}
}

// hintError is an error with advice on what to do about it, printed on a
// line of its own.
type hintError struct {
	err  error
	hint string
}

func (h hintError) Error() string { return h.err.Error() + "\n" + h.hint }
func (h hintError) Unwrap() error { return h.err }

// explain turns an error of the API client into what jalonctl prints:
// jalond's message and details, with advice when the cause is likely a
// flag or a variable.
func (c *client) explain(err error) error {
	if te, ok := errors.AsType[*apiclient.TransportError](err); ok {
		return c.transportError(te)
	}
	if ae, ok := errors.AsType[*apiclient.Error](err); ok {
		return c.statusError(ae)
	}
	return err
}

// transportError says why no response came back, naming the base URL once,
// with what the user can do about it.
func (c *client) transportError(te *apiclient.TransportError) error {
	switch {
	case errors.Is(te, context.Canceled):
		return te
	case te.Timeout():
		return hintError{fmt.Errorf("%s %s: no answer within %s", te.Method, te.Path, c.timeout),
			fmt.Sprintf("is jalond at %s overloaded? set --timeout for more time", c.base)}
	}
	return hintError{te, fmt.Sprintf("is jalond running at %s? set --url or JALON_URL", c.base)}
}

// statusError says what jalond answered, or what the status means for the
// user when the answer says less.
func (c *client) statusError(ae *apiclient.Error) error {
	e := *ae
	var hint string
	switch {
	case e.StatusCode == http.StatusUnauthorized && e.FromJalond && c.token == "":
		e.Body.Error = "no token sent: set --token or JALON_TOKEN"
	case e.StatusCode == http.StatusUnauthorized && e.FromJalond:
		e.Body.Error = fmt.Sprintf("the daemon does not know this token (from %s)", c.tokenFrom)
	case e.StatusCode == http.StatusNotFound && !e.FromJalond:
		// jalond answers every 404 of its own routes in JSON: a plain one
		// means the path is not a route, so the base URL is likely wrong.
		from := c.urlFrom
		if from == "" {
			from = "--url"
		}
		hint = fmt.Sprintf("%s is the daemon's base URL (e.g. %s); it is now %s", from, defaultURL, c.base)
	}
	if hint != "" {
		return hintError{&e, hint}
	}
	return &e
}
