// Package assessment owns the owners' assessments: the rating on the
// four-level confidence scale, comment and actions that an objective's
// owners give beside the figures, kept with their full history in the
// store, and the divergence between that rating and the computed one.
package assessment

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Ratings are the levels an owner may give, most optimistic first: the
// computed delivery confidence's four levels.
var Ratings = []indicators.Confidence{
	indicators.ConfidenceGreen, indicators.ConfidenceAmberGreen,
	indicators.ConfidenceAmberRed, indicators.ConfidenceRed,
}

// Limits on what people write, so that a page, a report line and an
// audit entry stay readable.
const (
	MaxComment = 2000
	MaxActions = 2000
	MaxAuthor  = 200
)

// Assessment is what an objective's owners say of it, or of one of its
// indicators, at a time.
type Assessment struct {
	Objective string
	Indicator string // "" for the objective as a whole
	Rating    indicators.Confidence
	Comment   string
	Actions   string // the actions decided; may be empty
	Author    string // the person's name, or the token's
	Time      time.Time
}

// ErrInvalid marks an assessment refused for what it says.
var ErrInvalid = errors.New("invalid assessment")

// Check returns every problem of a, each naming its field, joined, wrapping
// ErrInvalid; nil when a can be recorded.
func (a *Assessment) Check() error {
	var problems []string
	if !slices.Contains(Ratings, a.Rating) {
		problems = append(problems, fmt.Sprintf("rating %q: want one of green, amber_green, amber_red, red", a.Rating))
	}
	problems = append(problems, checkText("comment", a.Comment, MaxComment, true)...)
	problems = append(problems, checkText("actions", a.Actions, MaxActions, false)...)
	problems = append(problems, checkText("author", a.Author, MaxAuthor, true)...)
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %w", strings.Join(problems, "; "), ErrInvalid)
}

// CheckIn is Check, and that the indicator assessed, if any, is one of
// objective o's.
func (a *Assessment) CheckIn(o *indicators.Objective) error {
	if a.Indicator != "" && !slices.ContainsFunc(o.Indicators, func(ind indicators.Indicator) bool { return ind.ID == a.Indicator }) {
		return fmt.Errorf("indicator %q: not an indicator of objective %s: %w", a.Indicator, o.ID, ErrInvalid)
	}
	return a.Check()
}

// checkText checks a field written by people; a comment may span lines,
// which CheckText refuses, so each line is checked alone.
func checkText(field, s string, limit int, required bool) []string {
	switch {
	case strings.TrimSpace(s) == "" && required:
		return []string{field + ": empty; say it in a few words"}
	case len(s) > limit:
		return []string{fmt.Sprintf("%s: %d bytes, at most %d", field, len(s), limit)}
	}
	for i, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if err := indicators.CheckText(line); err != nil {
			return []string{fmt.Sprintf("%s line %d: %v", field, i+1, err)}
		}
	}
	return nil
}

// level is a rating's place on the scale, 0 the most optimistic; -1 for a
// confidence that is no rating (unknown, insufficient data).
func level(c indicators.Confidence) int { return slices.Index(Ratings, c) }

// Diverges reports whether the owners' rating is two or more levels more
// optimistic than the computed confidence: the gap committees ask about.
// A computed confidence that is no rating never diverges.
func Diverges(owners, computed indicators.Confidence) bool {
	o, c := level(owners), level(computed)
	return o >= 0 && c >= 0 && c-o >= 2
}
