// Package client is a Go client of Jalon's HTTP API: one typed method per
// route, the bodies of package wire, and errors that carry what the daemon
// answered. jalonctl is built on it.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options configure a Client. Zero values mean defaults.
type Options struct {
	// Token is the bearer token sent with every request; none when empty.
	Token string
	// TLS configures https: a private CA in RootCAs, a client certificate.
	// Nil uses the system's roots.
	TLS *tls.Config
	// Timeout bounds each request, until its body is read. Zero means no
	// bound but the context's.
	Timeout time.Duration
	// HTTPClient, if set, sends the requests as it is: TLS and Timeout are
	// then its own business.
	HTTPClient *http.Client
}

// Client talks to one jalond. It is safe for concurrent use.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// New returns a client of the jalond at baseURL, such as
// "http://localhost:9721". It refuses a URL without http:// or https://,
// which url.Parse would read as a path or a scheme.
func New(baseURL string, opts Options) (*Client, error) {
	base := strings.TrimRight(baseURL, "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q: want http:// or https:// and a host, e.g. http://localhost:9721", baseURL)
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: opts.Timeout}
		if opts.TLS != nil {
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.TLSClientConfig = opts.TLS
			hc.Transport = tr
		}
	}
	return &Client{base: base, token: opts.Token, http: hc}, nil
}

// BaseURL returns the daemon's base URL, without a final slash.
func (c *Client) BaseURL() string { return c.base }

// do sends a request and returns the response when its status is 2xx;
// otherwise an *Error with the daemon's answer, or a *TransportError when
// none came.
func (c *Client) do(ctx context.Context, method, path, contentType string, body io.Reader) (*http.Response, error) {
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
		return nil, newTransportError(method, path, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, newError(method, path, resp)
}

// call sends a request and decodes its JSON answer into out.
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	contentType := ""
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: encode request: %w", method, path, err)
		}
		body, contentType = bytes.NewReader(data), "application/json"
	}
	resp, err := c.do(ctx, method, path, contentType, body)
	if err != nil {
		return err
	}
	return decode(method, path, resp, out)
}

// decode reads the JSON body of resp into out and closes it.
func decode(method, path string, resp *http.Response, out any) error {
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("%s %s: decode response: %w", method, path, err)
	}
	return nil
}

// withQuery is path with q, if any, as its query string.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// indicatorPath is the path of an indicator's route, sub ("", "/series"…)
// after its escaped id.
func indicatorPath(id, sub string) string {
	return "/api/v1/indicators/" + url.PathEscape(id) + sub
}
