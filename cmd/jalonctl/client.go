package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
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
}

// clientFlags registers --url and --token on fs; the returned function
// builds the client once the flags are parsed. The token may come from the
// environment (JALON_TOKEN) so that it stays out of shell history.
func clientFlags(e *env, fs *flag.FlagSet) func() *client {
	url := fs.String("url", "", "jalond base URL (default $JALON_URL, else "+defaultURL+")")
	token := fs.String("token", "", "bearer token (default $JALON_TOKEN)")
	timeout := fs.Duration("timeout", 30*time.Second, "request timeout")
	return func() *client {
		c := &client{base: *url, token: *token, http: &http.Client{Timeout: *timeout}}
		if c.base == "" {
			c.base = e.getenv("JALON_URL")
		}
		if c.base == "" {
			c.base = defaultURL
		}
		c.base = strings.TrimRight(c.base, "/")
		if c.token == "" {
			c.token = e.getenv("JALON_TOKEN")
		}
		return c
	}
}

// do sends a request and returns the response when its status is 2xx;
// otherwise it returns the server's error message and details as an error.
func (c *client) do(ctx context.Context, method, path, contentType string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, c.base+path, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	var apiErr struct {
		Error   string   `json:"error"`
		Details []string `json:"details"`
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if json.Unmarshal(data, &apiErr) != nil || apiErr.Error == "" {
		apiErr.Error = strings.TrimSpace(string(data))
	}
	msg := fmt.Sprintf("%s %s: %s: %s", method, path, resp.Status, apiErr.Error)
	for _, d := range apiErr.Details {
		msg += "\n  " + d
	}
	return nil, fmt.Errorf("%s", msg)
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
