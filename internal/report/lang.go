package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// words writes a report's texts in one language: the committee reads the
// report in French, the catalog's own texts are French whatever the
// language.
type words struct {
	lang indicators.Lang
	dict map[string]string // English to French; nil for English
	// missing, when set, is told of every message dict lacks (a test
	// checks that French is complete).
	missing func(key string)
	// zone is the display zone of the times of day a report writes.
	zone *time.Location
	// paceApart leaves the pace out of Line, for a renderer that gives it
	// a line of its own (PDF).
	paceApart bool
}

func newWords(l indicators.Lang) *words {
	if l == indicators.French {
		return &words{lang: l, dict: french}
	}
	return &words{lang: indicators.English}
}

// T is s in the report's language; a message the dictionary lacks stays
// English (a test checks that none does).
func (w *words) T(s string) string {
	t, ok := w.dict[s]
	if !ok && w.dict != nil && w.missing != nil {
		w.missing(s)
	}
	if !ok {
		return s
	}
	return t
}

// F is T(format) with its arguments.
func (w *words) F(format string, args ...any) string { return fmt.Sprintf(w.T(format), args...) }

// Lang is the BCP 47 code of the language, for <html lang>.
func (w *words) Lang() string { return string(w.lang) }

// Status is a status in words: "à risque", "at risk".
func (w *words) Status(s indicators.Status) string {
	return w.T(strings.ReplaceAll(string(s), "_", " "))
}

// Confidence is a delivery-confidence rating in words.
func (w *words) Confidence(c indicators.Confidence) string {
	return w.T(strings.ReplaceAll(string(c), "_", " "))
}

// Day writes a date as the language does: 31/12/2026 in French, ISO 8601
// in English, where day and month orders differ across readers.
func (w *words) Day(t time.Time) string {
	if w.lang == indicators.French {
		return t.UTC().Format("02/01/2006")
	}
	return t.UTC().Format(time.DateOnly)
}

// LongDay writes a report's date in full, "6 décembre 2026", with the time
// of day in the display zone, named, when the report is not at the end of a
// UTC day (what a plain date in a query means).
func (w *words) LongDay(t time.Time) string {
	if EndOfDay(t).Equal(t) {
		t = t.UTC()
		return fmt.Sprintf("%d %s %d", t.Day(), w.T(t.Month().String()), t.Year())
	}
	t = t.In(w.location())
	return fmt.Sprintf("%d %s %d, %s (%s)", t.Day(), w.T(t.Month().String()), t.Year(), t.Format("15:04"), w.location())
}

// Title is the report's title: "Situation au 6 décembre 2026".
func (w *words) Title(at time.Time) string { return w.F("Status as of %s", w.LongDay(at)) }

// Value writes v in unit, a milestone's progress as done or not done.
func (w *words) Value(unit string, v float64) string {
	if unit == "done" {
		switch {
		case v >= 1:
			return w.T("done")
		case v <= 0:
			return w.T("not done")
		}
	}
	return indicators.Unit{Name: unit, Lang: w.lang}.Format(v)
}

// french has every English text of the reports in French.
var french = map[string]string{
	"achieved": "atteint", "on track": "dans la trajectoire", "at risk": "à risque", "off track": "hors trajectoire",
	"missed": "manqué", "unverified": "non vérifié", "stale": "données anciennes", "no data": "sans données",
	"green": "vert", "amber green": "ambre/vert", "amber red": "ambre/rouge", "red": "rouge",
	"insufficient data": "données insuffisantes", "unknown": "inconnue",
	"done": "fait", "not done": "pas fait",
	"January": "janvier", "February": "février", "March": "mars", "April": "avril", "May": "mai", "June": "juin",
	"July": "juillet", "August": "août", "September": "septembre", "October": "octobre", "November": "novembre",
	"December":        "décembre",
	"Status as of %s": "Situation au %s",
	"Replayed from the points known at %s, with the values and targets in force then.": "Reconstituée à partir des points connus au %s, avec les valeurs et les cibles alors en vigueur.",
	" Moves are counted from %s.":                " Les évolutions sont comptées depuis le %s.",
	" Times are in %s; dates are calendar days.": " Heures en %s ; les dates sont des jours du calendrier.",
	"Objective":                            "Objectif",
	"Status":                               "Statut",
	"Indicators":                           "Indicateurs",
	"Indicator":                            "Indicateur",
	"Before":                               "Avant",
	"Now":                                  "Maintenant",
	"Changes since %s":                     "Évolutions depuis le %s",
	"No indicator changed status.":         "Aucun indicateur n’a changé de statut.",
	"Indicators by status":                 "Indicateurs par statut",
	"%s (was %s)":                          "%s (auparavant : %s)",
	"actual %s on %s":                      "réalisé %s au %s",
	"plan %s":                              "prévu %s",
	"target %s":                            "cible %s",
	"%s by %s":                             "%s d’ici le %s",
	"worst of %d territorial parts: %s":    "la plus en retard de %d parties territoriales : %s",
	"Latest figure: %s on %s":              "Dernier chiffre : %s au %s",
	"source: %s":                           "source : %s",
	"Owners: %s":                           "Pilotes : %s",
	"Page %d":                              "Page %d",
	": ":                                   "\u00a0: ", // French sets a space before a colon
	"Status: %s":                           "Statut : %s",
	"%s: %s → %s":                          "%s : %s → %s",
	"pace to %s: %s":                       "rythme pour %s : %s",
	"pace: %s":                             "rythme : %s",
	"Owners' assessment (%s, %s): %s — %s": "Appréciation des pilotes (%s, %s) : %s — %s",
	"Actions decided: %s":                  "Actions décidées : %s",
	"DIVERGENCE: the owners are two or more levels more optimistic than the figures (%s).": "DIVERGENCE : les pilotes sont d’au moins deux niveaux plus optimistes que les chiffres (%s).",
	"Pace: %s":       "Rythme : %s",
	"Pace to %s: %s": "Rythme pour %s : %s",
}
