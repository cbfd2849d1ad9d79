package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// The end-to-end tests run the jalond binary, built once per test binary
// into binDir, as a child process on 127.0.0.1 and talk to it over HTTP.

var (
	binDir    string
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jalond-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create build directory:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// jalondBinary builds the daemon on first use. When the tests run under the
// race detector, the daemon is built with it too, so that a data race in
// the daemon under end-to-end load shows up in its stderr and exit code.
func jalondBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end to end: runs the jalond binary; not with -short (make test runs it)")
	}
	buildOnce.Do(func() {
		args := []string{"build", "-o", binDir + string(filepath.Separator)}
		if raceEnabled() {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			return
		}
		buildPath = filepath.Join(binDir, "jalond")
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// process is a child process whose output is kept for the test log and
// whose exit is observed by one goroutine.
type process struct {
	name   string
	cmd    *exec.Cmd
	stdout *lineBuffer
	stderr *lineBuffer
	exited chan struct{}
	err    error // of Wait; read after exited is closed
}

// startProcess starts bin and registers a cleanup that kills it if it is
// still running and logs its output if the test failed.
func startProcess(t *testing.T, name, bin string, args ...string) *process {
	t.Helper()
	p := &process{name: name, cmd: exec.Command(bin, args...),
		stdout: newLineBuffer(), stderr: newLineBuffer(), exited: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	// A binary built with -race sleeps a second at exit by default, which
	// would eat the time the tests give a stop; races are still reported.
	if gorace := os.Getenv("GORACE"); !strings.Contains(gorace, "atexit_sleep_ms") {
		p.cmd.Env = append(os.Environ(), "GORACE="+strings.TrimSpace(gorace+" atexit_sleep_ms=0"))
	}
	killWithParent(p.cmd)
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.kill()
		// A daemon built with -race reports races on stderr, even when it
		// is killed before it can exit with code 66.
		if strings.Contains(p.stderr.String(), "WARNING: DATA RACE") {
			t.Errorf("%s stderr reports a data race", name)
		}
		if t.Failed() {
			t.Logf("%s %s\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), p.stdout, tail(p.stderr.String(), 60))
		}
	})
	return p
}

// kill sends SIGKILL unless the process has exited, and waits for it.
func (p *process) kill() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// signal sends sig and waits up to d for the process to exit. It returns
// the exit code, or an error if the process is still running after d.
func (p *process) signal(sig os.Signal, d time.Duration) (int, error) {
	if err := p.cmd.Process.Signal(sig); err != nil {
		return -1, fmt.Errorf("signal %s: %w", p.name, err)
	}
	return p.wait(d)
}

func (p *process) wait(d time.Duration) (int, error) {
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode(), nil
	case <-time.After(d):
		return -1, fmt.Errorf("%s still running after %s", p.name, d)
	}
}

// goroutines makes a process still running after a stop print its
// goroutines (Go's runtime does on SIGQUIT) and returns the stacks that run
// Jalon's code, identical ones counted once: what a hang is waiting for.
func (p *process) goroutines() string {
	if _, err := p.signal(syscall.SIGQUIT, 5*time.Second); err != nil {
		return fmt.Sprintf("no goroutine dump: %v", err)
	}
	out := p.stderr.String()
	i := strings.Index(out, "\ngoroutine ")
	if i < 0 {
		return "no goroutine dump on stderr"
	}
	counts := map[string]int{}
	var order []string
	for _, g := range strings.Split(out[i+1:], "\n\n") {
		header, stack, _ := strings.Cut(g, "\n")
		if !strings.Contains(stack, "jalonhq/jalon/") && !strings.HasPrefix(stack, "main.") && !strings.Contains(stack, "\nmain.") {
			continue
		}
		// "goroutine 42 [chan receive, 3 minutes]:" → "[chan receive]"
		state := header
		if a, b := strings.Index(header, "["), strings.Index(header, "]"); a >= 0 && b > a {
			state, _, _ = strings.Cut(header[a:b], ",")
			state += "]"
		}
		key := state + "\n" + stripArgs(stack)
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "goroutines running Jalon code when the stop hung:\n")
	for _, k := range order {
		fmt.Fprintf(&b, "%d × %s\n\n", counts[k], k)
	}
	return b.String()
}

// stripArgs drops the runtime's own frames, argument values and addresses
// from a stack: they differ between goroutines stuck at the same place.
func stripArgs(stack string) string {
	lines := strings.Split(stack, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "runtime.") {
			i++ // and its file line
			continue
		}
		if j := strings.LastIndex(l, "("); j > 0 && !strings.HasPrefix(l, "\t") {
			l = l[:j]
		} else if j := strings.Index(l, " +0x"); j > 0 {
			l = l[:j]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// daemon is a running jalond.
type daemon struct {
	*process
	dir  string // --storage.path
	base string // http://127.0.0.1:PORT
}

// startDaemon starts jalond on dir, on a port it picks itself, with extra
// flags, and waits until it is ready.
func startDaemon(t *testing.T, dir string, extra ...string) *daemon {
	t.Helper()
	d := launchDaemon(t, dir, extra...)
	d.waitListening(t)
	d.waitReady(t)
	return d
}

// launchDaemon starts jalond without waiting for it.
func launchDaemon(t *testing.T, dir string, extra ...string) *daemon {
	t.Helper()
	// Tests start from an empty store unless they ask for the published
	// record (--storage.no-published-record=false: the last flag wins).
	args := append([]string{"--web.listen-address=127.0.0.1:0", "--storage.path=" + dir, "--storage.no-published-record"}, extra...)
	return &daemon{process: startProcess(t, "jalond", jalondBinary(t), args...), dir: dir}
}

// startupTimeout bounds how long a daemon may take to listen and be ready;
// the race detector makes start-up several times slower.
const startupTimeout = 20 * time.Second

// waitListening reads the address from the line jalond prints on stdout.
func (d *daemon) waitListening(t *testing.T) {
	t.Helper()
	const prefix = "jalond listening on "
	line, err := d.stdout.waitLine(prefix, d.exited, startupTimeout)
	if err != nil {
		t.Fatalf("jalond stdout: %v", err)
	}
	d.base = strings.TrimSuffix(strings.TrimPrefix(line, prefix), "/")
	if !strings.HasPrefix(d.base, "http://127.0.0.1:") {
		t.Fatalf("jalond stdout = %q, want %shttp://127.0.0.1:PORT/", line, prefix)
	}
}

// waitReady polls /-/ready until it answers 200.
func (d *daemon) waitReady(t *testing.T) {
	t.Helper()
	err := testpeer.Poll(startupTimeout, func() (bool, error) {
		select {
		case <-d.exited:
			return false, fmt.Errorf("jalond exited before it was ready: %v", d.err)
		default:
		}
		code, _, err := d.do("GET", "/-/ready", "", nil)
		return err == nil && code == http.StatusOK, nil
	})
	if err != nil {
		t.Fatalf("GET /-/ready: %v", err)
	}
}

// stop sends SIGTERM and checks that jalond exits 0 well before its
// 15 s grace period for requests in flight: a stop that waits it out is a
// bug. A loaded machine may take a few seconds for the last fsyncs.
func (d *daemon) stop(t *testing.T) {
	t.Helper()
	code, err := d.signal(syscall.SIGTERM, 10*time.Second)
	if err != nil {
		t.Fatalf("SIGTERM: %v\n%s", err, d.goroutines())
	}
	if code != 0 {
		t.Fatalf("jalond exit code after SIGTERM = %d, want 0", code)
	}
}

// dial opens a raw TCP connection to jalond, closed when the test ends.
func (d *daemon) dial(t *testing.T) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(d.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

var client = &http.Client{
	Timeout:   15 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 64},
}

// do sends a request with an optional bearer token and returns the status
// and the body.
func (d *daemon) do(method, path, token string, body []byte) (int, []byte, error) {
	return d.doCtx(context.Background(), method, path, token, body)
}

func (d *daemon) doCtx(ctx context.Context, method, path, token string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// getJSON GETs path and decodes a 200 answer into v.
func (d *daemon) getJSON(t *testing.T, path, token string, v any) {
	t.Helper()
	code, body, err := d.do("GET", path, token, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if code != http.StatusOK {
		t.Fatalf("GET %s = %d %s, want 200", path, code, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: decode %s: %v", path, body, err)
	}
}

// point is one measurement as pushed and as read back.
type point struct {
	Indicator string            `json:"indicator"`
	Labels    map[string]string `json:"labels"`
	Time      time.Time         `json:"time"`
	Value     float64           `json:"value"`
	Source    string            `json:"source,omitempty"`
}

// key identifies a point: same indicator, labels and time is the same point.
func (p point) key() string {
	return fmt.Sprintf("%s%v@%s", p.Indicator, p.Labels, p.Time.UTC().Format(time.RFC3339Nano))
}

func pushBody(ps ...point) []byte {
	b, err := json.Marshal(struct {
		Measurements []point `json:"measurements"`
	}{ps})
	if err != nil {
		panic(err) // a point always encodes
	}
	return b
}

type pushResponse struct {
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
}

// push posts ps and returns the status and the body.
func (d *daemon) push(ctx context.Context, token string, ps ...point) (int, []byte, error) {
	return d.doCtx(ctx, "POST", "/api/v1/measurements", token, pushBody(ps...))
}

// seriesResponse is the body of GET /api/v1/indicators/{id}/series.
type seriesResponse struct {
	Indicator string `json:"indicator"`
	Series    []struct {
		Labels map[string]string `json:"labels"`
		Points []struct {
			Time   time.Time `json:"time"`
			Value  float64   `json:"value"`
			Source string    `json:"source"`
		} `json:"points"`
	} `json:"series"`
}

// stored returns every stored point of the indicators, by key.
func (d *daemon) stored(t *testing.T, token string, ids ...string) map[string]point {
	t.Helper()
	out := map[string]point{}
	for _, id := range ids {
		var r seriesResponse
		d.getJSON(t, "/api/v1/indicators/"+id+"/series", token, &r)
		for _, s := range r.Series {
			for _, p := range s.Points {
				pt := point{Indicator: id, Labels: s.Labels, Time: p.Time, Value: p.Value, Source: p.Source}
				out[pt.key()] = pt
			}
		}
	}
	return out
}

// checkAllStored reports every point of want missing from got or stored
// with another value.
func checkAllStored(t *testing.T, got map[string]point, want []point) {
	t.Helper()
	missing := 0
	for _, w := range want {
		g, ok := got[w.key()]
		switch {
		case !ok:
			missing++
			if missing <= 10 {
				t.Errorf("point %s missing after restart, want value %v", w.key(), w.Value)
			}
		case g.Value != w.Value:
			t.Errorf("point %s value = %v, want %v", w.key(), g.Value, w.Value)
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged points missing", missing, len(want))
	}
}

// poll and requireTool are testpeer's, under the names the end-to-end
// tests of this package use.
// lineBuffer collects a process's output and lets a test wait for a line.
type lineBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func newLineBuffer() *lineBuffer { return &lineBuffer{changed: make(chan struct{})} }

func (b *lineBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	close(b.changed)
	b.changed = make(chan struct{})
	return len(p), nil
}

func (b *lineBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitLine returns the first complete line starting with prefix, waiting
// for it until d has passed or the process has exited.
func (b *lineBuffer) waitLine(prefix string, exited <-chan struct{}, d time.Duration) (string, error) {
	timeout := time.After(d)
	done := false
	for {
		b.mu.Lock()
		text, changed := b.buf.String(), b.changed
		b.mu.Unlock()
		for _, line := range strings.SplitAfter(text, "\n") {
			if strings.HasPrefix(line, prefix) && strings.HasSuffix(line, "\n") {
				return strings.TrimSuffix(line, "\n"), nil
			}
		}
		if done {
			// Wait returns after the output is copied: text is all of it.
			return "", fmt.Errorf("process exited before printing %q", prefix)
		}
		select {
		case <-changed:
		case <-exited:
			done = true
		case <-timeout:
			return "", fmt.Errorf("no line %q within %s; got %q", prefix, d, text)
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	return "…\n" + strings.Join(lines[len(lines)-n:], "\n")
}

// tokenSpec is a bearer token of a test configuration.
type tokenSpec struct{ name, secret, scope string }

// writeTokenConfig writes a daemon configuration holding tokens, their
// secrets hashed, in dir and returns its path.
func writeTokenConfig(t *testing.T, dir string, tokens ...tokenSpec) string {
	t.Helper()
	var b strings.Builder
	for _, tk := range tokens {
		fmt.Fprintf(&b, "[[token]]\nname = %q\nhash = %q\nscopes = [%q]\n\n", tk.name, hashSecret(tk.secret), tk.scope)
	}
	file := filepath.Join(dir, "jalon.toml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// send makes a request with the given headers ("Host" sets the request's
// host) and returns the status and the whole body.
func (d *daemon) send(method, path string, header map[string]string, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, d.base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	for k, v := range header {
		if strings.EqualFold(k, "Host") {
			req.Host = v // the client sends req.Host, never a Host in req.Header
			continue
		}
		req.Header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}
