package seeds_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var monthEnds = map[string]string{
	"janvier": "01-31", "février": "02-28", "mars": "03-31", "avril": "04-30", "mai": "05-31", "juin": "06-30",
	"juillet": "07-31", "août": "08-31", "septembre": "09-30", "octobre": "10-31", "novembre": "11-30", "décembre": "12-31",
}

// readDeadline reads a French date phrase by the table in docs/catalog.md.
func readDeadline(text string) (string, error) {
	s := strings.ToLower(text)
	m := regexp.MustCompile(`\b(20[0-9]{2})\b`).FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("no year in %q", text)
	}
	y, _ := strconv.Atoi(m[1])
	has := func(words ...string) bool {
		for _, w := range words {
			if regexp.MustCompile(`(^|[^\pL])` + regexp.QuoteMeta(w) + `($|[^\pL])`).MatchString(s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("après"):
		return fmt.Sprintf("%d-12-31", y+1), nil
	case has("avant") && !has("avant fin"):
		return fmt.Sprintf("%d-12-31", y-1), nil
	case has("premier trimestre", "1er trimestre", "t1"):
		return fmt.Sprintf("%d-03-31", y), nil
	case has("deuxième trimestre", "t2", "premier semestre", "s1") || strings.Contains(s, "mi-"):
		return fmt.Sprintf("%d-06-30", y), nil
	}
	for name, end := range monthEnds {
		if has(name) {
			return fmt.Sprintf("%d-%s", y, end), nil
		}
	}
	return fmt.Sprintf("%d-12-31", y), nil
}

// TestDeadlinesFollowReadingTable checks that every deadline is the documented
// reading of its deadline_text, and that the words come from the roadmap.
func TestDeadlinesFollowReadingTable(t *testing.T) {
	for _, o := range loadCatalog(t).Objectives {
		for _, ind := range o.Indicators {
			for _, m := range ind.Milestones {
				deadline := m.Deadline.Format(time.DateOnly)
				want, err := readDeadline(m.DeadlineText)
				if err != nil {
					t.Errorf("%s/%s: %v", o.ID, ind.ID, err)
					continue
				}
				if deadline != want {
					t.Errorf("Deadline(%s %q) = %s, want %s", ind.ID, m.DeadlineText, deadline, want)
				}
				// The one date the summary table omits comes from the body (8-3).
				if !strings.Contains(strings.ToLower(o.TargetText), strings.ToLower(m.DeadlineText)) && o.ID != "8-3" {
					t.Errorf("DeadlineText(%s@%s) = %q, want words of the target sentence %q", ind.ID, deadline, m.DeadlineText, o.TargetText)
				}
			}
		}
	}
}
