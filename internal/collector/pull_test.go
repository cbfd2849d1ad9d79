package collector

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/tidwall/gjson"
)

// insPuller is the configuration of a puller of testdata/ins-regions.csv:
// a format of its schedule, then its URL.
const insPuller = `
[[puller]]
name = "ins"
type = "csv"
schedule = %q
indicator = "ins_qualified_share"
url = "%s"
source = "data.gouv.fr"

  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux_ins_qualifiees"
  label_columns = { region = "code_region" }
`

// insPoints are the points of testdata/ins-regions.csv: quarters dated by
// their last day, NS and empty cells skipped.
var insPoints = []string{
	`{region="11"} 2024-03-31T00:00:00Z 72.5 data.gouv.fr`,
	`{region="11"} 2024-06-30T00:00:00Z 78 data.gouv.fr`,
	`{region="84"} 2024-03-31T00:00:00Z 68.1 data.gouv.fr`,
	`{region="84"} 2024-06-30T00:00:00Z 74.75 data.gouv.fr`,
	`{region="93"} 2024-06-30T00:00:00Z 70.2 data.gouv.fr`,
}

// fileServer serves one body with an ETag, answering 304 to a request that
// sends it back, and counts requests and conditional ones.
type fileServer struct {
	mu          sync.Mutex
	body        []byte
	etag        string
	gzipped     bool // Content-Encoding: gzip
	requests    int
	conditional int
}

func (f *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if r.Header.Get("If-None-Match") != "" {
		f.conditional++
	}
	w.Header().Set("ETag", f.etag)
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gzipped {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(body)
		zw.Close()
		body = b.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func TestPullOpenDataCSV(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		path    string
		gzipped bool
	}{
		{"plain", "ins-regions.csv", "/ins.csv", false},
		{"gzip content encoding", "ins-regions.csv", "/ins.csv", true},
		{"gz file", "ins-regions.csv.gz", "/ins.csv.gz", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := &fileServer{body: readTestdata(t, tc.file), etag: `"v1"`, gzipped: tc.gzipped}
			srv := httptest.NewServer(fs)
			defer srv.Close()
			h := newHarness(t, "", nil)
			m := h.manager(t, fmt.Sprintf(insPuller, "@daily", srv.URL+tc.path))

			st := mustRun(t, m, "ins")
			if want := (Points{New: 5, NoValue: 3}); st.Points != want || st.LastResult != "success" {
				t.Errorf("first run: %s, points %+v; want success, %+v", st.LastResult, st.Points, want)
			}
			equalLines(t, "stored points", h.stored(t, "ins_qualified_share"), insPoints)

			// Unchanged on the server: a conditional request, nothing read.
			st = mustRun(t, m, "ins")
			if !st.NotModified || st.Points != (Points{}) || fs.conditional != 1 {
				t.Errorf("second run: not modified %v, points %+v, %d conditional requests; want true, none, 1",
					st.NotModified, st.Points, fs.conditional)
			}

			// A server without validators: the same data again changes nothing.
			fs.mu.Lock()
			fs.etag = `"v2"`
			fs.mu.Unlock()
			st = mustRun(t, m, "ins")
			if want := (Points{Unchanged: 5, NoValue: 3}); st.Points != want || st.NotModified {
				t.Errorf("third run: points %+v, not modified %v; want %+v", st.Points, st.NotModified, want)
			}
			equalLines(t, "stored points after three runs", h.stored(t, "ins_qualified_share"), insPoints)
		})
	}
}

// recordsAPI answers like an Opendatasoft Explore v2.1 records endpoint:
// total_count and a page of results chosen by limit and offset (at most
// 100 a page); with links, it also gives a link to the next page.
type recordsAPI struct {
	records []json.RawMessage
	links   bool
	mu      sync.Mutex
	pages   []string
}

func newRecordsAPI(t *testing.T, links bool) *recordsAPI {
	var file struct {
		Records []json.RawMessage `json:"records"`
	}
	if err := json.Unmarshal(readTestdata(t, "ods-mediateurs.json"), &file); err != nil {
		t.Fatal(err)
	}
	return &recordsAPI{records: file.Records, links: links}
}

func (a *recordsAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.pages = append(a.pages, r.URL.RawQuery)
	a.mu.Unlock()
	q := r.URL.Query()
	limit, errL := strconv.Atoi(q.Get("limit"))
	offset, errO := strconv.Atoi(q.Get("offset"))
	if errL != nil || errO != nil || limit < 1 || limit > 100 {
		http.Error(w, `{"error_code":"InvalidRESTParameterError","message":"Invalid value for limit"}`, http.StatusBadRequest)
		return
	}
	end := min(offset+limit, len(a.records))
	page := map[string]any{"total_count": len(a.records), "results": a.records[min(offset, end):end]}
	if a.links && end < len(a.records) {
		next := fmt.Sprintf("%s?limit=%d&offset=%d", r.URL.Path, limit, end)
		page["links"] = []map[string]string{{"rel": "self", "href": r.URL.String()}, {"rel": "next", "href": next}}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(page)
}

const mediatorsPuller = `
[[puller]]
name = "mediateurs"
type = "json"
schedule = "0 7 * * 1"
indicator = "digital_mediators_trained"
url = "%s/api/explore/v2.1/catalog/datasets/mediateurs/records%s"
source = "ANCT open data"

  [puller.json]
  items = "results"
  time = "date_arrete"
  value = "nombre_mediateurs_formes"
  labels = { department = "code_departement", region = "code_region" }
%s
`

func TestPullPaginatedRecords(t *testing.T) {
	want := []string{
		`{department="13",region="93"} 2024-12-31T00:00:00Z 389 ANCT open data`,
		`{department="13",region="93"} 2025-03-31T00:00:00Z 431 ANCT open data`,
		`{department="2A",region="94"} 2024-12-31T00:00:00Z 12 ANCT open data`,
		`{department="2A",region="94"} 2025-03-31T00:00:00Z 15 ANCT open data`,
		`{department="33",region="75"} 2024-12-31T00:00:00Z 301 ANCT open data`,
		`{department="33",region="75"} 2025-03-31T00:00:00Z 356 ANCT open data`,
		`{department="59",region="32"} 2024-12-31T00:00:00Z 455 ANCT open data`,
		`{department="69",region="84"} 2024-12-31T00:00:00Z 412 ANCT open data`,
		`{department="69",region="84"} 2025-03-31T00:00:00Z 498 ANCT open data`,
		`{department="974",region="04"} 2024-12-31T00:00:00Z 97 ANCT open data`,
		`{department="974",region="04"} 2025-03-31T00:00:00Z 121 ANCT open data`,
	}
	tests := []struct {
		name, query, paging string
		links               bool
		pages               []string
	}{
		{"offset and limit", "", "  offset = \"offset\"\n  limit = 5\n  total = \"total_count\"\n", false,
			[]string{"limit=5&offset=0", "limit=5&offset=5", "limit=5&offset=10"}},
		{"short page ends without total", "", "  offset = \"offset\"\n  limit = 5\n", false,
			[]string{"limit=5&offset=0", "limit=5&offset=5", "limit=5&offset=10"}},
		{"empty page ends without total", "", "  offset = \"offset\"\n  limit = 4\n", false,
			[]string{"limit=4&offset=0", "limit=4&offset=4", "limit=4&offset=8", "limit=4&offset=12"}},
		{"next link", "?limit=5&offset=0", "  next = 'links.#(rel==\"next\").href'\n", true,
			[]string{"limit=5&offset=0", "limit=5&offset=5", "limit=5&offset=10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newRecordsAPI(t, tc.links)
			srv := httptest.NewServer(api)
			defer srv.Close()
			h := newHarness(t, "", nil)
			m := h.manager(t, fmt.Sprintf(mediatorsPuller, srv.URL, tc.query, tc.paging))
			st := mustRun(t, m, "mediateurs")
			if want := (Points{New: 11, NoValue: 1}); st.Points != want {
				t.Errorf("points %+v, want %+v", st.Points, want)
			}
			equalLines(t, "pages requested", api.pages, tc.pages)
			equalLines(t, "stored points", h.stored(t, "digital_mediators_trained"), want)
		})
	}
}

func TestPullPaginationCap(t *testing.T) {
	api := newRecordsAPI(t, false)
	srv := httptest.NewServer(api)
	defer srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(mediatorsPuller, srv.URL, "", "  offset = \"offset\"\n  limit = 5\n  max_pages = 2\n"))
	st, err := runNow(t, m, "mediateurs")
	want := fmt.Sprintf("read %s/api/explore/v2.1/catalog/datasets/mediateurs/records: more than json.max_pages = 2 pages: raise it, or narrow the query", srv.URL)
	if err == nil || st.LastError != want || len(api.pages) != 2 {
		t.Errorf("run = %v, state error %q after %d pages; want %q after 2", err, st.LastError, len(api.pages), want)
	}
	if got := h.stored(t, "digital_mediators_trained"); len(got) != 0 {
		t.Errorf("a capped run wrote %d points, want none", len(got))
	}
}

func TestPullNestedSeries(t *testing.T) {
	srv := httptest.NewServer(&fileServer{body: readTestdata(t, "barometre-acv.json"), etag: `"b1"`})
	defer srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(`
[[puller]]
name = "barometre-acv"
type = "json"
schedule = "@daily"
indicator = "appli_carte_vitale_users"
url = "%s/barometre/IND-ACV-01.json"
source = "barometre des resultats"

  [puller.json]
  items = "departements"
  points = "valeurs"
  time = "date"
  value = "valeur"
  labels = { department = "code_departement", region = "code_region" }
`, srv.URL))
	st := mustRun(t, m, "barometre-acv")
	if want := (Points{New: 6, NoValue: 2}); st.Points != want {
		t.Errorf("points %+v, want %+v", st.Points, want)
	}
	equalLines(t, "stored points", h.stored(t, "appli_carte_vitale_users"), []string{
		`{department="13",region="93"} 2024-12-31T00:00:00Z 98211 barometre des resultats`,
		`{department="2A",region="94"} 2024-12-31T00:00:00Z 4512 barometre des resultats`,
		`{department="2A",region="94"} 2025-03-31T00:00:00Z 5230 barometre des resultats`,
		`{department="69",region="84"} 2024-12-31T00:00:00Z 152340 barometre des resultats`,
		`{department="69",region="84"} 2025-03-31T00:00:00Z 201877 barometre des resultats`,
		`{department="974",region="04"} 2024-12-31T00:00:00Z 31002 barometre des resultats`,
	})
	if !gjson.ValidBytes(readTestdata(t, "barometre-acv.json")) {
		t.Error("testdata/barometre-acv.json is not valid JSON")
	}
}
