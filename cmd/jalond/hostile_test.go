package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// The standing hostile suite: requests an attacker, a broken client or a
// careless operator may send, each run against a real jalond holding real
// data. For every case it asserts the status and the message, then that the
// daemon is up, that nothing stored changed (points and target revisions of
// every indicator the cases aim at), and that every read route still
// answers a complete body that parses. A change to a decoder, the store or
// a route that lets one of them through, or blanks a read, fails here.

// Secrets of the tokens of the daemon that has them.
const (
	hostileAdmin = "hostile-admin-secret-0123456789"
	hostileWrite = "hostile-write-secret-0123456789" // write:mes_*
	hostileRead  = "hostile-read-secret-01234567890"
)

// hostileCase is one request and what jalond must answer.
type hostileCase struct {
	name   string
	open   bool // against the daemon without tokens (loopback trust, origin checks)
	method string
	path   string
	ct     string // Content-Type; none when empty
	body   string
	header map[string]string
	token  string // bearer secret; none when empty
	raw    string // bytes sent as they are over TCP instead of an HTTP request
	code   int
	msg    string // in the body (JSON errors are compared as decoded text)
}

// hostileTargets are the indicators whose stored points and revisions must
// not change: every indicator a case writes to or edits.
var hostileTargets = []string{
	documentsFed, awarenessShare, "ce_marking_delay_change", "eprescription_doctors",
	"appli_carte_vitale_users", "ins_qualified_share", "mes_prevention_checkup_patients",
	"sante_fr_unique_visitors_per_year", "mes_prescription_messaging_launch",
}

func TestHostileRequests(t *testing.T) {
	cases := hostileCases()
	if len(cases) < 250 {
		t.Fatalf("the hostile suite has %d cases, want at least 250", len(cases))
	}
	secured := startHostileDaemon(t, true)
	open := startHostileDaemon(t, false)
	for _, d := range []*daemon{secured, open} {
		seedHostile(t, d)
	}
	before := map[*daemon]string{secured: storeFingerprint(t, secured), open: storeFingerprint(t, open)}
	for i, tc := range cases {
		d := secured
		if tc.open {
			d = open
		}
		t.Run(fmt.Sprintf("%03d %s", i, tc.name), func(t *testing.T) {
			code, body := sendHostile(t, d, tc)
			if code != tc.code {
				t.Errorf("%s %s = %d %s, want %d", tc.method, tc.path, code, clip(body), tc.code)
			}
			if text := decodedText(body); !strings.Contains(text, tc.msg) {
				t.Errorf("%s %s body = %s, want it to contain %q", tc.method, tc.path, clip(body), tc.msg)
			}
			checkUp(t, d)
			if after := storeFingerprint(t, d); after != before[d] {
				t.Errorf("stored points or revisions changed:\n%s", firstDifference(before[d], after))
				before[d] = after // so that the next cases are judged on their own
			}
			checkReadRoutes(t, d)
		})
	}
}

// startHostileDaemon starts jalond with tokens, or without (loopback trust).
func startHostileDaemon(t *testing.T, tokens bool) *daemon {
	t.Helper()
	dir := t.TempDir()
	if !tokens {
		return startDaemon(t, filepath.Join(dir, "data"))
	}
	file := writeTokenConfig(t, dir, tokenSpec{"admin", hostileAdmin, "admin"},
		tokenSpec{"cnam-export", hostileWrite, "write:mes_*"}, tokenSpec{"grafana", hostileRead, "read"})
	return startDaemon(t, filepath.Join(dir, "data"), "--config.file="+file)
}

// seedHostile stores a few points the cases must leave as they are.
func seedHostile(t *testing.T, d *daemon) {
	t.Helper()
	body := `{"measurements":[
	{"indicator":"` + documentsFed + `","time":"2026-09-30","value":31000000,"source":"cnam"},
	{"indicator":"` + documentsFed + `","time":"2026-10-31","value":32000000,"source":"cnam"},
	{"indicator":"` + awarenessShare + `","labels":{"region":"84"},"time":"2026-06-30","value":41.5},
	{"indicator":"ce_marking_delay_change","time":"2026-06-30","value":-2},
	{"indicator":"appli_carte_vitale_users","labels":{"region":"84","department":"69"},"time":"2025-11-30","value":5870},
	{"indicator":"ins_qualified_share","time":"2026-06-30","value":74}]}`
	code, resp, err := d.do("POST", "/api/v1/measurements", hostileAdmin, []byte(body))
	if err != nil || code != http.StatusOK {
		t.Fatalf("seed: POST /api/v1/measurements = %d %s %v, want 200", code, resp, err)
	}
}

// sendHostile sends the case and returns the status and body.
func sendHostile(t *testing.T, d *daemon, tc hostileCase) (int, []byte) {
	t.Helper()
	if tc.raw != "" {
		return sendRaw(t, d, tc.raw)
	}
	header := map[string]string{}
	if tc.ct != "" {
		header["Content-Type"] = tc.ct
	}
	if tc.token != "" {
		header["Authorization"] = "Bearer " + tc.token
	}
	maps.Copy(header, tc.header)
	code, b, err := d.send(tc.method, tc.path, header, tc.body)
	if err != nil {
		t.Fatalf("%s %s: %v", tc.method, tc.path, err)
	}
	return code, b
}

// sendRaw writes raw bytes on a new connection and reads one response.
func sendRaw(t *testing.T, d *daemon, raw string) (int, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(d.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	raw = strings.ReplaceAll(raw, "HOST", strings.TrimPrefix(d.base, "http://"))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatalf("write raw request: %v", err)
	}
	// The request ends here: a body shorter than announced is cut, not awaited.
	conn.(*net.TCPConn).CloseWrite()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read response to a raw request: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// decodedText returns a JSON error body as the text it says (so that a
// case names a quote as " rather than \"), or the body as it is.
func decodedText(body []byte) string {
	var e struct {
		Error   string   `json:"error"`
		Details []string `json:"details"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error != "" {
		return e.Error + "\n" + strings.Join(e.Details, "\n")
	}
	return string(body)
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// checkUp fails the test if jalond has exited or no longer answers.
func checkUp(t *testing.T, d *daemon) {
	t.Helper()
	select {
	case <-d.exited:
		t.Fatalf("jalond exited: %v", d.err)
	default:
	}
	if code, body, err := d.do("GET", "/-/healthy", "", nil); err != nil || code != http.StatusOK {
		t.Fatalf("GET /-/healthy = %d %s %v after the case, want 200", code, body, err)
	}
}

// storeFingerprint is what is stored for the indicators the cases aim at:
// every point with its value and source, and every target revision.
func storeFingerprint(t *testing.T, d *daemon) string {
	t.Helper()
	var b strings.Builder
	for _, id := range hostileTargets {
		for _, path := range []string{"/api/v1/indicators/" + id + "/series", "/api/v1/indicators/" + id + "/revisions"} {
			code, body, err := d.do("GET", path, hostileRead, nil)
			if err != nil || code != http.StatusOK {
				t.Fatalf("GET %s = %d %s %v, want 200", path, code, clip(body), err)
			}
			fmt.Fprintf(&b, "%s\n%s\n", path, body)
		}
	}
	return b.String()
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d before: %s\nline %d after:  %s", i+1, al[i], i+1, bl[i])
		}
	}
	return fmt.Sprintf("%d lines before, %d after", len(al), len(bl))
}

// readRoutes are the routes a case must leave answering complete bodies,
// with the check of each body.
var readRoutes = []struct {
	path  string
	check func([]byte) error
}{
	{"/api/v1/objectives", wellFormedJSON},
	{"/api/v1/indicators/" + documentsFed, wellFormedJSON},
	{"/api/v1/indicators/ce_marking_delay_change", wellFormedJSON},
	{"/api/v1/indicators/" + awarenessShare + "/series", wellFormedJSON},
	{"/api/v1/indicators/" + documentsFed + "/plan", wellFormedJSON},
	{"/api/v1/report", wellFormedJSON},
	{"/api/v1/report?format=markdown", nonEmptyText},
	{"/api/v1/report?format=csv", wellFormedCSV},
	{"/api/v1/report?format=html", completeHTML},
	{"/metrics", wellFormedExposition},
	{"/", completeHTML},
	{"/indicators/" + documentsFed, completeHTML},
}

func checkReadRoutes(t *testing.T, d *daemon) {
	t.Helper()
	for _, r := range readRoutes {
		code, body, err := d.do("GET", r.path, hostileRead, nil)
		if err != nil || code != http.StatusOK {
			t.Errorf("GET %s = %d %s %v, want 200", r.path, code, clip(body), err)
			continue
		}
		if err := r.check(body); err != nil {
			t.Errorf("GET %s: %v; body %s", r.path, err, clip(body))
		}
	}
}

func wellFormedJSON(b []byte) error {
	var v any
	if len(bytes.TrimSpace(b)) == 0 {
		return fmt.Errorf("empty body")
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return nil
}

func nonEmptyText(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return fmt.Errorf("empty body")
	}
	return nil
}

func wellFormedCSV(b []byte) error {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return fmt.Errorf("not CSV: %w", err)
	}
	if len(rows) < 2 {
		return fmt.Errorf("%d CSV rows, want a header and rows", len(rows))
	}
	return nil
}

func completeHTML(b []byte) error {
	if !bytes.Contains(b, []byte("</html>")) {
		return fmt.Errorf("HTML without its closing </html>")
	}
	return nil
}

func wellFormedExposition(b []byte) error {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("exposition does not parse: %w", err)
	}
	if _, ok := fams["jalon_indicator_status"]; !ok {
		return fmt.Errorf("no jalon_indicator_status family")
	}
	for name, f := range fams {
		for _, m := range f.GetMetric() {
			if g := m.GetGauge(); g != nil && math.IsInf(g.GetValue(), 0) {
				return fmt.Errorf("%s has an infinite sample", name)
			}
		}
	}
	return nil
}
