package main

import (
	"log/slog"

	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// divergences gives alerting the owners' assessments that diverge from the
// figures; alerting does not import assessment. A store that cannot be read
// gives none this cycle, and says so in the log.
func divergences(book *assessment.Book, snapshot func() *evaluator.Snapshot, logger *slog.Logger) alerting.Divergences {
	return func() []alerting.Divergence {
		latest, err := book.Latest()
		if err != nil {
			logger.Error("read assessments", "component", "alerting", "err", err)
			return nil
		}
		s := snapshot()
		if s == nil {
			return nil
		}
		var out []alerting.Divergence
		for _, d := range assessment.DivergentIn(latest, s) {
			out = append(out, alerting.Divergence{Objective: d.Objective, Indicator: d.Indicator,
				Owners: string(d.Rating), Computed: string(d.Computed)})
		}
		return out
	}
}
