package pages

import (
	"net/http"
	"strconv"
	"time"
)

// PullerView is one configured puller and its latest runs, as the pullers
// page shows it.
type PullerView struct {
	Name         string
	Kind         string   // the source type, such as "http_json" or "csv"
	Target       string   // URL or path, with no credentials in it
	Indicators   []string // the indicators it feeds
	Schedule     string   // the interval or cron expression configured
	LastRun      time.Time
	LastSuccess  time.Time
	LastDuration time.Duration
	LastPoints   int    // points written by the last successful run
	LastError    string // empty when the last run succeeded
	NextRun      time.Time
	// Skipped counts the rows the last run skipped as invalid
	// (skip_invalid_rows); SkippedReasons says why, for the first few.
	Skipped        int
	SkippedReasons []string
}

// PullerLister returns the configured pullers. It is called once per page
// view and must be safe for concurrent use.
type PullerLister func() []PullerView

type webPullersPage struct {
	pageBase
	Configured bool
	Rows       []webPullerRow
	Failing    int
}

type webPullerRow struct {
	Health                               webBadge
	Name, Kind, Target, Schedule         string
	Indicators                           []webPullerIndicator
	LastRun, LastSuccess, Duration, Next string
	Points                               string // of the last success, "—" before any
	Skipped                              *webPullerSkipped
	Error                                string
}

// webPullerSkipped is what the last run skipped as invalid: how many rows,
// why for the first few, and how many more.
type webPullerSkipped struct {
	Count   int
	Reasons []string
	More    int
}

type webPullerIndicator struct {
	ID, Href string
}

func (p *pages) pullers(w http.ResponseWriter, r *http.Request) {
	if !p.allowed(w, r) {
		return
	}
	b := p.base(r, p.eval.Snapshot(), "", "pullers")
	b.Title = b.L.T("Pullers")
	b.Heading = b.Title
	page := webPullersPage{pageBase: b, Configured: p.opts.Pullers != nil}
	if page.Configured {
		for _, pv := range p.opts.Pullers() {
			row := webPullerRow{Name: pv.Name, Kind: pv.Kind, Target: pv.Target, Schedule: pv.Schedule,
				LastRun: b.L.stamp(pv.LastRun), LastSuccess: b.L.stamp(pv.LastSuccess), Next: b.L.stamp(pv.NextRun),
				Points: "—", Error: pv.LastError, Health: webPullerHealth(b.L, pv)}
			if !pv.LastSuccess.IsZero() {
				row.Points = strconv.Itoa(pv.LastPoints)
			}
			if pv.Skipped > 0 {
				row.Skipped = &webPullerSkipped{Count: pv.Skipped, Reasons: pv.SkippedReasons,
					More: max(0, pv.Skipped-len(pv.SkippedReasons))}
			}
			if pv.LastDuration > 0 {
				row.Duration = pv.LastDuration.Round(time.Millisecond).String()
			}
			for _, id := range pv.Indicators {
				row.Indicators = append(row.Indicators, webPullerIndicator{ID: id, Href: indicatorHref(b.L, id)})
			}
			if pv.LastError != "" {
				page.Failing++
			}
			page.Rows = append(page.Rows, row)
		}
	}
	p.render(w, r, "pullers", page)
}

// pullerHealth reads a puller's last run: failing, never run, or fine.
func webPullerHealth(l *lang, pv PullerView) webBadge {
	switch {
	case pv.LastError != "":
		return webBadge{Class: "puller-failing", Symbol: "✗", Text: l.T("Failing")}
	case pv.LastRun.IsZero():
		return webBadge{Class: "puller-idle", Symbol: "–", Text: l.T("Not run yet")}
	}
	return webBadge{Class: "puller-ok", Symbol: "✓", Text: l.T("OK")}
}
