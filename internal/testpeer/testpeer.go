// Package testpeer starts real peer programs for tests: Prometheus,
// Alertmanager, promtool, Chromium, as Debian packages them. It finds them,
// gives them a loopback address and a log file, waits until they answer and
// stops them when the test ends.
package testpeer

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"testing"
	"time"
)

// Binary returns the path of the program name, or else of the first of alts
// found, looked up on PATH and then in /usr/bin, where Debian's packages put
// them. A missing program skips the test on a developer's machine and fails
// it in CI (environment variable CI set), where `make test-deps` installs it.
// With -short (`make test-short`) no peer is started.
func Binary(t testing.TB, name string, alts ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skipf("runs %s: not with -short (make test runs it)", name)
	}
	for _, n := range append([]string{name}, alts...) {
		for _, candidate := range []string{n, "/usr/bin/" + n} {
			if path, err := exec.LookPath(candidate); err == nil {
				return path
			}
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found in CI (make test-deps installs it)", name)
	}
	t.Skipf("%s not found (make test-deps installs it)", name)
	return ""
}

// FreeAddr returns a loopback address, 127.0.0.1:PORT, whose port was free a
// moment ago, for programs that cannot report the port they picked.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Poll calls cond until it returns true, an error, or timeout has passed.
// A peer is a process of its own: there is nothing to wait on but its
// answers.
func Poll(timeout time.Duration, cond func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	wait := 10 * time.Millisecond
	for {
		ok, err := cond()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("condition not met within %s", timeout)
		}
		// Back off between polls; this paces polling, it does not stand in
		// for an event.
		time.Sleep(wait)
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// Eventually fails the test unless cond holds within timeout, checking it
// as Poll does; what names the condition in the failure.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	if err := Poll(timeout, func() (bool, error) { return cond(), nil }); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
