package testpeer

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stopTimeout bounds how long Stop waits after SIGTERM before it kills.
const stopTimeout = 10 * time.Second

// Process is a running peer program whose output goes to a log file and
// whose exit is observed by one goroutine.
type Process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
	err     error // of Wait; read after exited is closed
}

// Start runs bin with args, its stdout and stderr written to a file in
// t.TempDir(). On Linux the program is killed if the test binary dies
// without running its cleanups. A cleanup stops it and, if the test failed,
// logs its command line and output.
func Start(t testing.TB, name, bin string, args ...string) *Process {
	t.Helper()
	p := &Process{name: name, cmd: exec.Command(bin, args...),
		logPath: filepath.Join(t.TempDir(), name+".log"), exited: make(chan struct{})}
	log, err := os.Create(p.logPath)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdout, p.cmd.Stderr = log, log
	killWithParent(p.cmd)
	if err := p.cmd.Start(); err != nil {
		log.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		log.Close()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.Stop()
		if t.Failed() {
			t.Logf("%s %s\n%s", name, strings.Join(args, " "), p.Log())
		}
	})
	return p
}

// Log returns what the program has written so far.
func (p *Process) Log() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(read %s log: %v)", p.name, err)
	}
	return string(b)
}

// Exited is closed once the program has exited.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Stop sends SIGTERM, so that the program leaves its data directory clean
// before the test removes it, and SIGKILL if it is still running after
// stopTimeout. It returns once the program has exited, at once if it had.
func (p *Process) Stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// Kill sends SIGKILL, as a crash or `kill -9` would end the program: no
// chance to flush or leave anything clean. It returns once the program has
// exited, at once if it had.
func (p *Process) Kill() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Kill()
	<-p.exited
}

// WaitHTTP polls url until it answers 200, and fails the test if the
// program exits first or timeout passes.
func (p *Process) WaitHTTP(t testing.TB, url string, timeout time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	err := Poll(timeout, func() (bool, error) {
		select {
		case <-p.exited:
			return false, fmt.Errorf("%s exited: %v", p.name, p.err)
		default:
		}
		resp, err := client.Get(url)
		if err != nil {
			return false, nil
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
