package report

import (
	"errors"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// actualSource sets the source and published page of the stored figure
// behind the row's actual: for a rate from counts, the latest count.
func (b *builder) actualSource(row *Indicator, j judged) error {
	if !j.known || row.Actual == nil {
		return nil
	}
	t := row.Actual.Time
	err := b.rd.PointDetails(j.series, t, t.Add(1), func(_ indicators.Point, source string, pm store.PointMeta) error {
		row.ActualSource, row.ActualSourceURL = source, pm.SourceURL
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // a series deleted since: its points speak without their source
	}
	return err
}

// markdownSource is a Markdown link to the actual's published page, ""
// without one. The URL is percent-encoded where Markdown would end it.
func markdownSource(ind *Indicator) string {
	if ind.ActualSourceURL == "" {
		return ""
	}
	name := ind.ActualSource
	if name == "" {
		name = "source"
	}
	u := strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "|", "%7C").Replace(ind.ActualSourceURL)
	return " ([" + cell(name) + "](" + u + "))"
}
