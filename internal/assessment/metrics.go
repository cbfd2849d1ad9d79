package assessment

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/internal/evaluator"
)

// collector exposes the latest assessments beside the computed confidence
// that /metrics already carries per series.
type collector struct {
	book     *Book
	snapshot func() *evaluator.Snapshot
	rating   *prometheus.Desc
	diverges *prometheus.Desc
	failed   *prometheus.Desc
}

// NewCollector returns the collector of jalon_assessment_rating and
// jalon_assessment_diverges, read from book at each scrape (an
// assessment a month per objective is little to read).
func NewCollector(book *Book, snapshot func() *evaluator.Snapshot) prometheus.Collector {
	labels := []string{"objective", "indicator"}
	return &collector{book: book, snapshot: snapshot,
		rating: prometheus.NewDesc("jalon_assessment_rating",
			"Owners' latest assessment of an objective (indicator=\"\") or indicator: 1 for its rating, 0 for the three others.",
			append(labels, "rating"), nil),
		diverges: prometheus.NewDesc("jalon_assessment_diverges",
			"1 when the owners' latest assessment is two or more levels more optimistic than the computed delivery confidence, else 0.",
			labels, nil),
		failed: prometheus.NewDesc("jalon_assessment_read_errors",
			"1 when the assessments could not be read from the store for this scrape.", nil, nil),
	}
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.rating
	ch <- c.diverges
	ch <- c.failed
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	latest, err := c.book.Latest()
	ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, boolValue(err != nil))
	if err != nil {
		return
	}
	s := c.snapshot()
	for k, a := range latest {
		for _, r := range Ratings {
			ch <- prometheus.MustNewConstMetric(c.rating, prometheus.GaugeValue, boolValue(a.Rating == r), k.Objective, k.Indicator, string(r))
		}
		div := s != nil && Diverges(a.Rating, Computed(s, k))
		ch <- prometheus.MustNewConstMetric(c.diverges, prometheus.GaugeValue, boolValue(div), k.Objective, k.Indicator)
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
