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
	since string
}

var htmlPage = template.Must(template.New("head").Funcs(template.FuncMap{
	"status": statusText, "moved": moved, "line": line,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Catalog}}: status at {{.At}}</title>
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
@media print { body { margin: 0; } }
</style>
</head>
<body>
<main>
<h1>{{.Catalog}}: status at {{.At}}</h1>
<p>Replayed from the points known at {{.At}}, with the values and targets in force then.{{if .Since}} Moves are counted from {{.Since}}.{{end}}</p>
<table>
<thead><tr><th scope="col">Objective</th><th scope="col">Status</th><th scope="col">Indicators</th></tr></thead>
<tbody>
{{define "objective"}}<tr><th scope="row">{{.ID}} {{.Title}}</th><td><span class="status status-{{.Status}}">{{moved .Status .Previous}}</span></td><td><ul>
{{- range .Indicators}}<li><code>{{.ID}}</code> {{.Name}}: {{line .}}{{if .ActualSourceURL}} (<a href="{{.ActualSourceURL}}" rel="noopener noreferrer nofollow">{{or .ActualSource .ActualSourceURL}}</a>){{end}}</li>{{end -}}
</ul></td></tr>
{{end}}{{define "tail"}}</tbody>
</table>
{{if .Since}}<h2>Changes since {{.Since}}</h2>
{{if .Changes}}<table>
<thead><tr><th scope="col">Objective</th><th scope="col">Indicator</th><th scope="col">Before</th><th scope="col">Now</th></tr></thead>
<tbody>
{{range .Changes}}<tr><td>{{.Objective}}</td><td><code>{{.Indicator}}</code></td><td>{{status .From}}</td><td><span class="status status-{{.To}}">{{status .To}}</span></td></tr>
{{end}}</tbody>
</table>
{{else}}<p>No indicator changed status.</p>
{{end}}{{end}}<h2>Indicators by status</h2>
<table>
<thead><tr><th scope="col">Status</th><th scope="col">Indicators</th></tr></thead>
<tbody>
{{range .Counts}}<tr><td><span class="status status-{{.Status}}">{{status .Status}}</span></td><td>{{.N}}</td></tr>
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
		r.since = Stamp(h.Query.Since)
	}
	return htmlPage.ExecuteTemplate(r.w, "head", struct{ Catalog, At, Since string }{h.Catalog, Stamp(h.Query.At), r.since})
}

func (r *htmlRenderer) Objective(o *Objective) error {
	return htmlPage.ExecuteTemplate(r.w, "objective", o)
}

func (r *htmlRenderer) End(s Summary) error {
	var counts []statusCount
	for _, st := range indicators.Statuses {
		if n := s.Counts[st]; n > 0 {
			counts = append(counts, statusCount{st, n})
		}
	}
	return htmlPage.ExecuteTemplate(r.w, "tail", struct {
		Since   string
		Changes []Change
		Counts  []statusCount
	}{r.since, s.Changes, counts})
}
