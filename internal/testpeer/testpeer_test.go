package testpeer

import (
	"strings"
	"testing"
	"time"
)

// TestStartLogsAndStops runs a shell that would sleep for a minute: its
// output reaches Log, and Stop ends it well before.
func TestStartLogsAndStops(t *testing.T) {
	sh := Binary(t, "sh")
	p := Start(t, "sh", sh, "-c", "echo started; exec sleep 60")
	Eventually(t, 30*time.Second, "sh prints started", func() bool { return strings.Contains(p.Log(), "started\n") })
	p.Stop()
	select {
	case <-p.Exited():
	default:
		t.Fatal("Exited() is open after Stop, want closed")
	}
	p.Stop() // a second Stop, as a cleanup after a test's own, returns at once
}

func TestPoll(t *testing.T) {
	calls := 0
	if err := Poll(time.Minute, func() (bool, error) { calls++; return calls == 3, nil }); err != nil || calls != 3 {
		t.Errorf("Poll until the third call = %v after %d calls, want nil after 3", err, calls)
	}
	if err := Poll(20*time.Millisecond, func() (bool, error) { return false, nil }); err == nil {
		t.Errorf("Poll of a condition never met = nil, want an error")
	}
}
