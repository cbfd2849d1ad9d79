package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// answered reads one response from conn, waiting up to d; a timeout is an
// error.
func answered(conn net.Conn, d time.Duration) (*http.Response, error) {
	conn.SetReadDeadline(time.Now().Add(d))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

// closedByServer reports whether the server closes conn within d: a read
// gets the end of the stream (or a reset), not a timeout.
func closedByServer(conn net.Conn, d time.Duration) error {
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.ReadAll(conn)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return errors.New("still open")
	}
	return nil
}

const healthRequest = "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

// TestIdleAndSlowConnections checks that jalond closes a keep-alive
// connection left idle past --web.idle-timeout, and one whose headers do
// not arrive within --web.read-header-timeout.
func TestIdleAndSlowConnections(t *testing.T) {
	d := startDaemon(t, t.TempDir(), "--web.idle-timeout=300ms", "--web.read-header-timeout=300ms")

	idle := d.dial(t)
	if _, err := io.WriteString(idle, healthRequest); err != nil {
		t.Fatal(err)
	}
	if resp, err := answered(idle, 10*time.Second); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /-/healthy on a raw connection = %v, %v; want 200", resp, err)
	}
	if err := closedByServer(idle, 10*time.Second); err != nil {
		t.Errorf("idle keep-alive connection after 10s with --web.idle-timeout=300ms: %v, want closed", err)
	}

	slow := d.dial(t)
	if _, err := io.WriteString(slow, "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := closedByServer(slow, 10*time.Second); err != nil {
		t.Errorf("connection with headers unfinished after 10s with --web.read-header-timeout=300ms: %v, want closed", err)
	}
}

// TestMaxConnections fills --web.max-connections: the next connection is
// not served until one of the others closes.
func TestMaxConnections(t *testing.T) {
	d := startDaemon(t, t.TempDir(), "--web.max-connections=2")
	// The harness's client keeps the connection it polled readiness on.
	client.CloseIdleConnections()
	var held []net.Conn
	for range 2 {
		c := d.dial(t)
		if _, err := io.WriteString(c, healthRequest); err != nil {
			t.Fatal(err)
		}
		if _, err := answered(c, 10*time.Second); err != nil {
			t.Fatalf("connection within the limit: %v", err)
		}
		held = append(held, c)
	}
	extra := d.dial(t)
	if _, err := io.WriteString(extra, healthRequest); err != nil {
		t.Fatal(err)
	}
	if resp, err := answered(extra, 500*time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("third connection with --web.max-connections=2 = %v, %v; want it to wait", resp, err)
	}
	held[0].Close()
	if resp, err := answered(extra, 10*time.Second); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("third connection once another closed = %v, %v; want 200", resp, err)
	}
}

// TestLimitFlags refuses limits that make no sense, naming the flag.
func TestLimitFlags(t *testing.T) {
	tests := []struct {
		arg, stderr string
	}{
		{"--web.max-connections=-1", "--web.max-connections=-1: want 0 (no limit) or more"},
		{"--web.idle-timeout=0s", "--web.idle-timeout=0s: want a positive duration"},
		{"--web.read-header-timeout=-1s", "--web.read-header-timeout=-1s: want a positive duration"},
		{"--web.max-push-memory=12XB", `"12XB": want a number of bytes with an optional unit`},
		{"--web.max-push-memory=1KiB", "--web.max-push-memory=1KiB: want at least 1MiB"},
	}
	for _, tt := range tests {
		_, err := parseFlags([]string{tt.arg}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.stderr) {
			t.Errorf("parseFlags(%s) = %v, want an error containing %q", tt.arg, err, tt.stderr)
		}
	}
	f, err := parseFlags([]string{"--web.max-push-memory=64MiB"}, io.Discard)
	if err != nil || f.limits.pushMemory != 64<<20 {
		t.Errorf("parseFlags(--web.max-push-memory=64MiB) = %v, %v; want 64 MiB", f, err)
	}
}
