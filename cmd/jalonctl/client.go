package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// defaultURL is where jalonctl finds jalond unless --url or JALON_URL says
// otherwise.
const defaultURL = "http://localhost:9721"

// client talks to a running jalond.
type client struct {
	base  string
	token string
	http  *http.Client
	// urlFrom and tokenFrom say where base and token came from (a flag,
	// the environment, or "" for the default or none), for messages.
	urlFrom, tokenFrom string
	// err is what is wrong with base, returned by every request.
	err error
}

// clientFlags registers --url and --token on fs; the returned function
// builds the client once the flags are parsed. The token may come from the
// environment (JALON_TOKEN) so that it stays out of shell history.
func clientFlags(e *env, fs *flag.FlagSet) func() *client {
	base := fs.String("url", "", "jalond base URL (default $JALON_URL, else "+defaultURL+")")
	token := fs.String("token", "", "bearer token (default $JALON_TOKEN)")
	timeout := fs.Duration("timeout", 30*time.Second, "request timeout")
	return func() *client {
		c := &client{http: &http.Client{Timeout: *timeout}}
		c.base, c.urlFrom = firstSet(*base, "--url", e.getenv("JALON_URL"), "JALON_URL")
		if c.base == "" {
			c.base = defaultURL
		}
		c.base = strings.TrimRight(c.base, "/")
		c.err = checkBaseURL(c.base, c.urlFrom)
		c.token, c.tokenFrom = firstSet(*token, "--token", e.getenv("JALON_TOKEN"), "JALON_TOKEN")
		return c
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

// do sends a request and returns the response when its status is 2xx;
// otherwise it returns the server's error message and details as an error.
func (c *client) do(ctx context.Context, method, path, contentType string, body io.Reader) (*http.Response, error) {
	if c.err != nil {
		return nil, c.err
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(method, path, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, c.statusError(method, path, resp)
}

// transportError says why no response came back, naming the base URL once
// (url.Error repeats the whole URL) with what the user can do about it.
func (c *client) transportError(method, path string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s %s: %w", method, path, err)
	case ue != nil && ue.Timeout():
		return hintError{fmt.Errorf("%s %s: no answer within %s", method, path, c.http.Timeout),
			fmt.Sprintf("is jalond at %s overloaded? set --timeout for more time", c.base)}
	}
	return hintError{fmt.Errorf("%s %s: %w", method, path, err),
		fmt.Sprintf("is jalond running at %s? set --url or JALON_URL", c.base)}
}

// statusError turns a non-2xx response into an error: jalond's message and
// details, or what the status means for the user when the body says less.
func (c *client) statusError(method, path string, resp *http.Response) error {
	var apiErr struct {
		Error   string   `json:"error"`
		Details []string `json:"details"`
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	fromJalond := json.Unmarshal(data, &apiErr) == nil && apiErr.Error != ""
	if !fromJalond {
		apiErr.Error = strings.TrimSpace(string(data))
	}
	var hint string
	switch {
	case resp.StatusCode == http.StatusUnauthorized && fromJalond && c.token == "":
		apiErr.Error = "no token sent: set --token or JALON_TOKEN"
	case resp.StatusCode == http.StatusUnauthorized && fromJalond:
		apiErr.Error = fmt.Sprintf("the daemon does not know this token (from %s)", c.tokenFrom)
	case resp.StatusCode == http.StatusNotFound && !fromJalond:
		// jalond answers every 404 of its own routes in JSON: a plain one
		// means the path is not a route, so the base URL is likely wrong.
		from := c.urlFrom
		if from == "" {
			from = "--url"
		}
		hint = fmt.Sprintf("%s is the daemon's base URL (e.g. %s); it is now %s", from, defaultURL, c.base)
	}
	msg := fmt.Sprintf("%s %s: %s: %s", method, path, resp.Status, apiErr.Error)
	for _, d := range apiErr.Details {
		msg += "\n  " + d
	}
	if hint != "" {
		return hintError{errors.New(msg), hint}
	}
	return errors.New(msg)
}

// getJSON decodes the JSON response of a GET into v.
func (c *client) getJSON(ctx context.Context, path string, v any) error {
	resp, err := c.do(ctx, http.MethodGet, path, "", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("GET %s: decode response: %w", path, err)
	}
	return nil
}
