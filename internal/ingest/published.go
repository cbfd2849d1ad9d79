package ingest

import (
	"fmt"
	"net/url"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// MaxSourceURL bounds a measurement's source URL: the longest URL browsers
// and proxies reliably pass, printed on every page of the figure.
const MaxSourceURL = 2000

// Published is what a figure taken from a publication may carry beside its
// value (issue 11): the start of the period a count covers, how exact the
// value is, and the page it was published on.
type Published struct {
	Start     time.Time // zero: the indicator's period
	Qualifier string    // at_least, at_most, about, or "" for an exact figure
	SourceURL string
}

// check checks p against the indicator and sets it on m.
func (p Published) check(ind *indicators.Indicator, m *indicators.Measurement) error {
	if !p.Start.IsZero() {
		if ind.Kind != indicators.KindRate || ind.Input != indicators.InputCount {
			return fmt.Errorf("start: only a count (input = \"count\") covers a period, and %s is not one: drop start", ind.ID)
		}
		if !p.Start.Before(m.Time) {
			return fmt.Errorf("start: %s is not before time %s: start is the beginning of the counted period, time its end",
				p.Start.Format(time.RFC3339), m.Time.Format(time.RFC3339))
		}
		if p.Start.Before(MinTime) {
			return fmt.Errorf("start: %s is before %s", p.Start.Format(time.RFC3339), MinTime.Format(time.DateOnly))
		}
	}
	q, err := indicators.ParseQualifier(p.Qualifier)
	if err != nil {
		return fmt.Errorf("qualifier: %w", err)
	}
	if err := CheckSourceURL(p.SourceURL); err != nil {
		return fmt.Errorf("source_url: %w", err)
	}
	m.Start, m.Qualifier, m.SourceURL = p.Start, q, p.SourceURL
	return nil
}

// CheckSourceURL accepts "" or an absolute http or https URL of at most
// MaxSourceURL printable bytes: pages print it as a link, and a javascript:
// or data: link would run in the reader's browser.
func CheckSourceURL(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > MaxSourceURL || !printable(s) {
		return fmt.Errorf("want printable text of at most %d bytes", MaxSourceURL)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http or https URL: give the page's full address, such as https://example.org/release", s)
	}
	return nil
}
