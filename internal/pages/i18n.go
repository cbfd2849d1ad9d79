package pages

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// lang is the language of one rendered page: the interface in English or
// French. The catalog's own texts (titles, target texts, deadline texts) are
// French whatever the page's language and are marked lang="fr".
type lang struct {
	Code string // "en" or "fr", for <html lang>
	// explicit is set when the request chose the language with ?lang=, so
	// that the page's links keep it.
	explicit bool
	dict     map[string]string
	// missing, when set, is told of every message the dictionary lacks
	// (tests use it to check that French is complete).
	missing func(key string)
	// zone is the display time zone of every moment the page shows.
	zone *time.Location
}

// pickLang returns the language a request asks for: ?lang=en|fr, else the
// first of en and fr in Accept-Language, else English.
func pickLang(r *http.Request, missing func(string)) *lang {
	code, explicit := r.URL.Query().Get("lang"), true
	if code != "en" && code != "fr" {
		code, explicit = acceptLanguage(r.Header.Get("Accept-Language")), false
	}
	l := &lang{Code: code, explicit: explicit}
	if code == "fr" {
		l.dict, l.missing = frenchMessages, missing
	}
	return l
}

// acceptLanguage returns "fr" when French comes before English in the
// header's list, ignoring quality values beyond their order (browsers list
// languages by preference).
func acceptLanguage(h string) string {
	for _, part := range strings.Split(h, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch strings.ToLower(strings.SplitN(tag, "-", 2)[0]) {
		case "fr":
			return "fr"
		case "en":
			return "en"
		}
	}
	return "en"
}

// T translates an interface message, written in English in the code.
func (l *lang) T(msg string) string {
	if l.dict == nil {
		return msg
	}
	if s, ok := l.dict[msg]; ok {
		return s
	}
	if l.missing != nil {
		l.missing(msg)
	}
	return msg
}

// F translates a format string and applies it.
func (l *lang) F(format string, args ...any) string { return fmt.Sprintf(l.T(format), args...) }

// Href returns a link to path with its query, carrying ?lang= when the page
// was asked for in an explicit language.
func (l *lang) Href(path string, q url.Values) string {
	if l.explicit {
		q = cloneValues(q)
		q.Set("lang", l.Code)
	}
	if enc := q.Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// statusText is the name of a status, said in words so that no colour is
// needed to read it.
func (l *lang) statusText(s indicators.Status) string { return l.T(statusNames[s]) }

func (l *lang) confidenceText(c indicators.Confidence) string { return l.T(confidenceNames[c]) }

// confidenceMeaning reads a confidence level as docs/trajectory.md §6 does.
func (l *lang) confidenceMeaning(c indicators.Confidence) string { return l.T(confidenceMeanings[c]) }

// The English names of statuses and confidence levels; read-only.
var (
	statusNames = map[indicators.Status]string{
		indicators.StatusAchieved: "Achieved", indicators.StatusOnTrack: "On track",
		indicators.StatusAtRisk: "At risk", indicators.StatusOffTrack: "Off track",
		indicators.StatusMissed: "Missed", indicators.StatusUnverified: "Unverified",
		indicators.StatusStale: "Stale", indicators.StatusNoData: "No data",
	}
	confidenceNames = map[indicators.Confidence]string{
		indicators.ConfidenceGreen: "Green", indicators.ConfidenceAmberGreen: "Amber/green",
		indicators.ConfidenceAmberRed: "Amber/red", indicators.ConfidenceRed: "Red",
		indicators.ConfidenceUnknown: "Unknown", indicators.ConfidenceInsufficient: "Too few figures",
	}
	confidenceMeanings = map[indicators.Confidence]string{
		indicators.ConfidenceGreen: "delivery highly likely", indicators.ConfidenceAmberGreen: "probable, with attention",
		indicators.ConfidenceAmberRed: "in doubt: action needed", indicators.ConfidenceRed: "unlikely without a change of course",
		indicators.ConfidenceUnknown: "no forecast", indicators.ConfidenceInsufficient: "too few figures to forecast",
	}
)

// axisGloss is the English reading of the seed catalog's axis names, shown
// next to the French name on English pages. Other catalogs get none.
var axisGloss = map[string]string{
	"Prévention":       "Prevention",
	"Prise en charge":  "Care",
	"Accès à la santé": "Access to health",
	"Cadre propice":    "Enabling framework",
}

func (l *lang) gloss(axisName string) string {
	if l.Code != "en" {
		return ""
	}
	return axisGloss[axisName]
}

// H translates a format string and applies it to arguments escaped for
// HTML; arguments already of type template.HTML (such as frText.s) are kept.
func (l *lang) H(format string, args ...any) template.HTML {
	esc := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case template.HTML:
			esc[i] = string(v)
		case string:
			esc[i] = html.EscapeString(v)
		default:
			esc[i] = v // numbers: nothing to escape
		}
	}
	return template.HTML(fmt.Sprintf(l.T(format), esc...))
}

// frText marks a text of the catalog as French inside a sentence.
func frText(s string) template.HTML {
	return template.HTML(`<span lang="fr">` + html.EscapeString(s) + `</span>`)
}
