package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// Indicators of the embedded catalog used by the end-to-end tests.
const (
	// documentsFed is objective 1-1's indicator: a rate with count input, no
	// dimensions.
	documentsFed = "mes_documents_fed_per_year"
	// awarenessShare is objective 4-1's indicator: a percentage by region.
	awarenessShare = "establishments_awareness_actions_share"
)

// evaluationJSON is the part of an evaluation the tests look at.
type evaluationJSON struct {
	Labels map[string]string `json:"labels"`
	Status string            `json:"status"`
	Latest *struct {
		Time  time.Time `json:"time"`
		Value float64   `json:"value"`
	} `json:"latest"`
}

type indicatorJSON struct {
	Objective   string           `json:"objective"`
	ID          string           `json:"id"`
	Evaluations []evaluationJSON `json:"evaluations"`
}

// waitEvaluated polls GET /api/v1/indicators/{id} until the unlabelled
// series' latest point is at t, and returns its evaluation.
func (d *daemon) waitEvaluated(t *testing.T, id string, at time.Time) evaluationJSON {
	t.Helper()
	var got evaluationJSON
	err := testpeer.Poll(10*time.Second, func() (bool, error) {
		var ind indicatorJSON
		d.getJSON(t, "/api/v1/indicators/"+id, "", &ind)
		for _, e := range ind.Evaluations {
			if len(e.Labels) == 0 && e.Latest != nil && e.Latest.Time.Equal(at) {
				got = e
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		t.Fatalf("GET /api/v1/indicators/%s: no evaluation with its latest point at %s: %v", id, at.Format(time.RFC3339), err)
	}
	return got
}

// metricsText returns a /metrics scrape.
func (d *daemon) metricsText(t *testing.T) string {
	t.Helper()
	code, body, err := d.do("GET", "/metrics", "", nil)
	if err != nil || code != http.StatusOK {
		t.Fatalf("GET /metrics = %d, %v, want 200", code, err)
	}
	return string(body)
}

// sampleValue returns the value of a series, written as in the exposition
// (name{labels}), in a text-format scrape.
func sampleValue(text, series string) (float64, bool) {
	i := strings.Index("\n"+text, "\n"+series+" ")
	if i < 0 {
		return 0, false
	}
	rest := text[i+len(series)+1:]
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		rest = rest[:j]
	}
	v, err := strconv.ParseFloat(rest, 64)
	return v, err == nil
}

func TestLifecycle(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, dir)
	if code, body, err := d.do("GET", "/-/healthy", "", nil); err != nil || code != http.StatusOK {
		t.Fatalf("GET /-/healthy = %d %s, %v, want 200", code, body, err)
	}

	pt := point{Indicator: documentsFed, Time: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), Value: 1.2e7, Source: "e2e lifecycle"}
	code, body, err := d.push(context.Background(), "", pt)
	if err != nil || code != http.StatusOK {
		t.Fatalf("POST /api/v1/measurements = %d %s, %v, want 200", code, body, err)
	}
	var res pushResponse
	if err := json.Unmarshal(body, &res); err != nil || res != (pushResponse{New: 1}) {
		t.Fatalf("POST /api/v1/measurements = %s, want {\"new\":1,\"revised\":0,\"unchanged\":0}", body)
	}

	ev := d.waitEvaluated(t, documentsFed, pt.Time)
	if ev.Status == "" || ev.Status == "no_data" {
		t.Errorf("status of %s after a push = %q, want a status judged on the point", documentsFed, ev.Status)
	}
	labels := `indicator="mes_documents_fed_per_year",objective="1-1"`
	want := map[string]float64{
		fmt.Sprintf(`jalon_indicator_status{%s,status="%s"}`, labels, ev.Status): 1,
		fmt.Sprintf(`jalon_indicator_status{%s,status="no_data"}`, labels):       0,
		fmt.Sprintf(`jalon_indicator_value_timestamp_seconds{%s}`, labels):       float64(pt.Time.Unix()),
	}
	var text string
	err = testpeer.Poll(5*time.Second, func() (bool, error) {
		text = d.metricsText(t)
		for series, v := range want {
			if got, ok := sampleValue(text, series); !ok || got != v {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		for series, v := range want {
			got, ok := sampleValue(text, series)
			t.Errorf("GET /metrics: %s = %v (present %t), want %v", series, got, ok, v)
		}
	}

	d.stop(t)

	d2 := startDaemon(t, dir)
	got := d2.stored(t, "", documentsFed)
	checkAllStored(t, got, []point{pt})
	if g := got[pt.key()]; g.Source != pt.Source {
		t.Errorf("source of %s after restart = %q, want %q", pt.key(), g.Source, pt.Source)
	}
	if ev2 := d2.waitEvaluated(t, documentsFed, pt.Time); ev2.Status == "no_data" {
		t.Errorf("status of %s after restart = %q, want a status judged on the stored point", documentsFed, ev2.Status)
	}
	d2.stop(t)
}

// TestStopWithUnusedConnection stops jalond while a client holds a
// connection it has not sent a request on yet, as Go's HTTP client leaves
// behind when it dials for a request that another connection then served.
// net/http's Shutdown waits five seconds before it counts such a
// connection as idle; jalond must not.
func TestStopWithUnusedConnection(t *testing.T) {
	d := startDaemon(t, t.TempDir())
	d.dial(t)
	// Let the server accept the connection before the stop.
	if code, _, err := d.do("GET", "/-/healthy", "", nil); err != nil || code != http.StatusOK {
		t.Fatalf("GET /-/healthy = %d, %v", code, err)
	}
	start := time.Now()
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code, err := d.wait(4 * time.Second)
	if err != nil {
		t.Fatalf("SIGTERM with an unused connection open: %v\n%s", err, d.goroutines())
	}
	if code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
	t.Logf("stopped in %s", time.Since(start).Round(time.Millisecond))
}

// TestStopDuringPullerRun stops jalond while a puller run asked for over
// the API waits on a source that does not answer: the run is cancelled at
// once, its request answered 503, and the stop does not wait out the
// grace period.
func TestStopDuringPullerRun(t *testing.T) {
	asked := make(chan struct{}, 1)
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked <- struct{}{}
		<-r.Context().Done()
	}))
	defer src.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "jalon.toml")
	cfg := fmt.Sprintf(`
[[puller]]
name = "ins"
type = "csv"
schedule = "0 6 1 1 *"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
timeout = "1m"
retries = 0
  [puller.csv]
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
  label_columns = { region = "code_region" }
`, src.URL)
	if err := os.WriteFile(file, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	d := startDaemon(t, filepath.Join(dir, "data"), "--config.file="+file)
	type answer struct {
		code int
		body []byte
		err  error
	}
	res := make(chan answer, 1)
	go func() {
		code, body, err := d.do("POST", "/api/v1/pullers/ins/run", "", nil)
		res <- answer{code, body, err}
	}()
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatal("the puller run never reached its source")
	}
	start := time.Now()
	code, err := d.signal(syscall.SIGTERM, 5*time.Second)
	if err != nil {
		t.Fatalf("SIGTERM during a puller run: %v\n%s", err, d.goroutines())
	}
	if code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
	t.Logf("stopped in %s", time.Since(start).Round(time.Millisecond))
	a := <-res
	if a.err != nil || a.code != http.StatusServiceUnavailable {
		t.Errorf("POST /api/v1/pullers/ins/run during the stop = %d %s, %v; want 503", a.code, a.body, a.err)
	}
}

// TestSecondSignalEndsDrain stops jalond while a push's body has stalled
// halfway, which holds the drain for its grace period; a second SIGTERM
// ends the process at once, as an operator who sends it expects.
func TestSecondSignalEndsDrain(t *testing.T) {
	d := startDaemon(t, t.TempDir())
	conn := d.dial(t)
	// Go's server answers "100 Continue" when the handler starts reading
	// the body: then the push is in flight.
	fmt.Fprintf(conn, "POST /api/v1/measurements HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("push with Expect: 100-continue: got %q, %v; want 100 Continue", line, err)
	}
	fmt.Fprintf(conn, "{\"measurements\":[")
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if _, err := d.wait(time.Second); err == nil {
		t.Fatal("jalond stopped with a push in flight: want it to wait for the push")
	}
	start := time.Now()
	if _, err := d.signal(syscall.SIGTERM, 5*time.Second); err != nil {
		t.Fatalf("second SIGTERM: %v\n%s", err, d.goroutines())
	}
	t.Logf("second SIGTERM ended jalond in %s", time.Since(start).Round(time.Millisecond))
}

func TestConfigRefusesUnknownKey(t *testing.T) {
	const validHash = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
	tests := []struct {
		name    string
		config  string
		line    int
		wantKey string
	}{
		{
			name:    "top-level key misspelt",
			config:  "# jalond\nlisten_adress = \"127.0.0.1:9712\"\n",
			line:    2,
			wantKey: "listen_adress",
		},
		{
			name:    "key in a token table",
			config:  "[[token]]\nname = \"grafana\"\nhash = \"" + validHash + "\"\nscopes = [\"read\"]\nscope = \"read\"\n",
			line:    5,
			wantKey: "token.scope",
		},
		{
			name:    "key in the tls table",
			config:  "timezone = \"Europe/Paris\"\n\n[tls]\ncert = \"server.crt\"\n",
			line:    4,
			wantKey: "tls.cert",
		},
		{
			// Found only against the catalog, which used to be read from
			// the store after the store was created.
			name:    "unknown puller indicator",
			config:  "[[puller]]\nname = \"ghost\"\ntype = \"prometheus\"\nschedule = \"@daily\"\nindicator = \"no_such_indicator\"\nurl = \"https://prometheus.example.org\"\n  [puller.prometheus]\n  query = \"up\"\n",
			line:    5,
			wantKey: "puller.indicator",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "jalon.toml")
			if err := os.WriteFile(file, []byte(tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			data := filepath.Join(dir, "data")
			d := launchDaemon(t, data, "--config.file="+file)
			code, err := d.wait(20 * time.Second)
			if err != nil {
				t.Fatalf("jalond with an unknown key: %v, want it to exit", err)
			}
			if code == 0 {
				t.Errorf("jalond exit code with an unknown key = 0, want non-zero")
			}
			want := fmt.Sprintf("%s:%d: %s", file, tt.line, tt.wantKey)
			if stderr := d.stderr.String(); !strings.Contains(stderr, want) {
				t.Errorf("jalond stderr = %q, want it to contain %q", stderr, want)
			}
			if out := d.stdout.String(); strings.Contains(out, "listening") {
				t.Errorf("jalond stdout = %q, want no listening line", out)
			}
			if _, err := os.Stat(data); !os.IsNotExist(err) {
				t.Errorf("stat %s = %v, want the refused daemon not to create its storage", data, err)
			}
		})
	}
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func TestAuthScopes(t *testing.T) {
	const writeSecret, readSecret = "e2e-write-secret", "e2e-read-secret"
	dir := t.TempDir()
	file := writeTokenConfig(t, dir, tokenSpec{"cnam-export", writeSecret, "write:mes_*"}, tokenSpec{"grafana", readSecret, "read"})
	d := startDaemon(t, filepath.Join(dir, "data"), "--config.file="+file)

	at := func(day int) time.Time { return time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC) }
	docs := func(day int) point { return point{Indicator: documentsFed, Time: at(day), Value: float64(1000 * day)} }
	share := func(day int) point {
		return point{Indicator: awarenessShare, Labels: map[string]string{"region": "84"}, Time: at(day), Value: float64(day)}
	}
	tests := []struct {
		name     string
		token    string
		points   []point
		wantCode int
	}{
		{"no token", "", []point{docs(1)}, http.StatusUnauthorized},
		{"unknown token", "not-a-configured-secret", []point{docs(2)}, http.StatusUnauthorized},
		{"read token", readSecret, []point{docs(3)}, http.StatusForbidden},
		{"write token on an allowed indicator", writeSecret, []point{docs(4)}, http.StatusOK},
		{"write token on another indicator", writeSecret, []point{share(5)}, http.StatusForbidden},
		{"write token on a batch with another indicator", writeSecret, []point{docs(6), share(6)}, http.StatusForbidden},
	}
	var written, refused []point
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, err := d.push(context.Background(), tt.token, tt.points...)
			if err != nil {
				t.Fatalf("POST /api/v1/measurements: %v", err)
			}
			if code != tt.wantCode {
				t.Errorf("POST /api/v1/measurements = %d %s, want %d", code, body, tt.wantCode)
			}
		})
		if tt.wantCode == http.StatusOK {
			written = append(written, tt.points...)
		} else {
			refused = append(refused, tt.points...)
		}
	}

	got := d.stored(t, readSecret, documentsFed, awarenessShare)
	checkAllStored(t, got, written)
	for _, p := range refused {
		if g, ok := got[p.key()]; ok {
			t.Errorf("refused point %s stored with value %v, want nothing written", p.key(), g.Value)
		}
	}
	if len(got) != len(written) {
		t.Errorf("stored points = %d, want %d", len(got), len(written))
	}
}

// TestCommandLine runs jalond with --help and with mistakes on its command
// line: help is no error, a mistake says what was wrong and exits 1.
func TestCommandLine(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--help"}, 0, "-storage.path string"},
		{[]string{"--storage.pth=x"}, 1, "flag provided but not defined: -storage.pth"},
		{[]string{"--log.level=loud"}, 1, `--log.level "loud": want debug, info, warn or error`},
		{[]string{"--log.format=xml"}, 1, `--log.format "xml": want logfmt or json`},
		{[]string{"serve"}, 1, `unexpected arguments ["serve"]: jalond takes flags only`},
	}
	for _, tt := range tests {
		p := startProcess(t, "jalond", jalondBinary(t), tt.args...)
		code, err := p.wait(20 * time.Second)
		if err != nil {
			t.Fatalf("jalond %v: %v", tt.args, err)
		}
		if code != tt.code || !strings.Contains(p.stderr.String(), tt.stderr) {
			t.Errorf("jalond %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, p.stderr, tt.code, tt.stderr)
		}
		if strings.Contains(p.stderr.String(), "help requested") {
			t.Errorf("jalond %v: stderr %q reports help as an error", tt.args, p.stderr)
		}
	}
}

// TestVersion asks the binary, built without the Makefile's -ldflags, for
// its version: it prints it and exits without starting, and /metrics of a
// running daemon carries the same in jalon_build_info.
func TestVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := startProcess(t, "jalond", jalondBinary(t), "--version", "--storage.path="+dir)
	if code, err := p.wait(20 * time.Second); err != nil || code != 0 {
		t.Fatalf("jalond --version: exit %d, %v, stderr %q; want 0", code, err, p.stderr)
	}
	m := regexp.MustCompile(`^jalond, version (\S+) \(branch: .*, revision: (\S+)\)\n`).FindStringSubmatch(p.stdout.String())
	if m == nil {
		t.Fatalf("jalond --version printed %q, want \"jalond, version V (branch: B, revision: R)\" and the build context", p.stdout)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("stat %s = %v, want jalond --version not to create its storage", dir, err)
	}
	text := startDaemon(t, t.TempDir()).metricsText(t)
	line := regexp.MustCompile(`(?m)^jalon_build_info\{.*\} 1$`).FindString(text)
	for _, want := range []string{`version="` + m[1] + `"`, `revision="` + m[2] + `"`, `goversion="` + runtime.Version() + `"`} {
		if !strings.Contains(line, want) {
			t.Errorf("/metrics: jalon_build_info = %q, want it with %s", line, want)
		}
	}
}

// TestCrossOriginWrites pushes as a browser would from a page: from
// another site's page it is refused, from jalond's own origin or from a
// tool that says nothing of origins it is accepted.
func TestCrossOriginWrites(t *testing.T) {
	d := startDaemon(t, t.TempDir())
	body := []byte(`{"measurements":[{"indicator":"` + documentsFed + `","time":"2024-01-31","value":1}]}`)
	tests := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, http.StatusForbidden},
		{"old browser, foreign Origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": d.base}, http.StatusOK},
		{"no browser headers (curl, jalonctl)", nil, http.StatusOK},
	}
	for _, tt := range tests {
		header := map[string]string{"Content-Type": "application/json"}
		maps.Copy(header, tt.header)
		code, got, err := d.send("POST", "/api/v1/measurements", header, string(body))
		if err != nil {
			t.Fatal(err)
		}
		if code != tt.want {
			t.Errorf("%s: POST /api/v1/measurements = %d %s, want %d", tt.name, code, got, tt.want)
		}
		if tt.want == http.StatusForbidden && !strings.Contains(string(got), `"error":"cross-origin request refused`) {
			t.Errorf("%s: body %s, want a JSON error saying why", tt.name, got)
		}
	}
}
