package report

import (
	"html/template"
	"io"

	"github.com/jalonhq/jalon/indicators"
)

// htmlRenderer writes a standalone page, with its style inline, that can be
// mailed or printed: the status is written out, colour only repeats it.
type htmlRenderer struct {
	w     io.Writer
	words *words
	since string
}

// The print rules keep an objective's row on one A4 page, repeat the table
// header on each page, and let long cells wrap rather than be clipped.
var htmlPage = template.Must(template.New("head").Parse(`<!DOCTYPE html>
<html lang="{{.W.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Catalog}} — {{.Title}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: .4rem .5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #333; }
ul { margin: 0; padding-left: 1.1rem; }
.status { font-weight: 600; padding: 0 .3rem; border-radius: 3px; white-space: nowrap; }
.status-achieved, .status-on_track { background: #d7f0dd; }
.status-at_risk, .status-stale { background: #fdecc8; }
.status-off_track, .status-missed { background: #f8d3d0; }
.status-no_data { background: #e8e8e8; }
th, td { overflow-wrap: anywhere; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .status { border: 1px solid #888; }
}
</style>
</head>
<body>
<main>
<h1>{{.Catalog}} — {{.Title}}</h1>
<p>{{.W.F "Replayed from the points known at %s, with the values and targets in force then." .At}}{{if .Since}}{{.W.F " Moves are counted from %s." .Since}}{{end}}{{.W.ZoneNote}}</p>
<table>
<thead><tr><th scope="col">{{.W.T "Objective"}}</th><th scope="col">{{.W.T "Status"}}</th><th scope="col">{{.W.T "Indicators"}}</th></tr></thead>
<tbody>
{{define "objective"}}{{$w := .W}}<tr><th scope="row">{{.ID}} {{.Title}}</th><td><span class="status status-{{.Status}}">{{$w.Moved .Status .Previous}}</span></td><td><ul>
{{- range .Indicators}}<li><code>{{.ID}}</code> {{.Name}}{{$w.T ": "}}{{$w.Line .}}{{if .ActualSourceURL}} (<a href="{{.ActualSourceURL}}" rel="noopener noreferrer nofollow">{{or .ActualSource .ActualSourceURL}}</a>){{end}}</li>{{end -}}
</ul>{{with $w.Assessment .Objective}}<p class="assessment">{{.}}</p>{{end}}</td></tr>
{{end}}{{define "tail"}}{{$w := .W}}</tbody>
</table>
{{if .Since}}<h2>{{$w.F "Changes since %s" .Since}}</h2>
{{if .Changes}}<table>
<thead><tr><th scope="col">{{$w.T "Objective"}}</th><th scope="col">{{$w.T "Indicator"}}</th><th scope="col">{{$w.T "Before"}}</th><th scope="col">{{$w.T "Now"}}</th></tr></thead>
<tbody>
{{range .Changes}}<tr><td>{{.Objective}}</td><td><code>{{.Indicator}}</code></td><td>{{$w.Status .From}}</td><td><span class="status status-{{.To}}">{{$w.Status .To}}</span></td></tr>
{{end}}</tbody>
</table>
{{else}}<p>{{$w.T "No indicator changed status."}}</p>
{{end}}{{end}}<h2>{{$w.T "Indicators by status"}}</h2>
<table>
<thead><tr><th scope="col">{{$w.T "Status"}}</th><th scope="col">{{$w.T "Indicators"}}</th></tr></thead>
<tbody>
{{range .Counts}}<tr><td><span class="status status-{{.Status}}">{{$w.Status .Status}}</span></td><td>{{.N}}</td></tr>
{{end}}</tbody>
</table>
</main>
</body>
</html>
{{end}}`))

type statusCount struct {
	Status indicators.Status
	N      int
}

func (r *htmlRenderer) Begin(h Header) error {
	if !h.Query.Since.IsZero() {
		r.since = r.words.LongDay(h.Query.Since)
	}
	return htmlPage.ExecuteTemplate(r.w, "head", struct {
		W                         *words
		Catalog, Title, At, Since string
	}{r.words, h.Catalog, r.words.Title(h.Query.At), r.words.LongDay(h.Query.At), r.since})
}

func (r *htmlRenderer) Objective(o *Objective) error {
	return htmlPage.ExecuteTemplate(r.w, "objective", struct {
		*Objective
		W *words
	}{o, r.words})
}

func (r *htmlRenderer) End(s Summary) error {
	var counts []statusCount
	for _, st := range indicators.Statuses {
		if n := s.Counts[st]; n > 0 {
			counts = append(counts, statusCount{st, n})
		}
	}
	return htmlPage.ExecuteTemplate(r.w, "tail", struct {
		W       *words
		Since   string
		Changes []Change
		Counts  []statusCount
	}{r.words, r.since, s.Changes, counts})
}
