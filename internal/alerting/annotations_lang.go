package alerting

import (
	"fmt"

	"github.com/jalonhq/jalon/indicators"
)

// tr writes the texts of alerts in one language: English, the code's, or
// French. Values are written as the pages and reports of that language
// write them (indicators.Unit); dates stay YYYY-MM-DD, as in labels.
type tr indicators.Lang

// f translates format and applies it.
func (t tr) f(format string, args ...any) string {
	if indicators.Lang(t) == indicators.French {
		if s, ok := frenchTexts[format]; ok {
			format = s
		}
	}
	return fmt.Sprintf(format, args...)
}

// value writes v in unit.
func (t tr) value(v float64, unit string) string {
	return indicators.Unit{Name: unit, Lang: indicators.Lang(t)}.Format(v)
}

// frenchTexts translates the alert texts, keyed by the English format;
// TestAnnotationsFrench fails on English left in a French text. Read-only.
var frenchTexts = map[string]string{
	"%s: %s":                                      "%s\u00a0: %s",
	"at risk, behind plan":                        "à risque, en retard sur la trajectoire",
	"off track, well behind plan":                 "hors trajectoire, très en retard",
	"%s: forecast to miss %s by %s":               "%s\u00a0: la prévision manque %s au %s",
	"%s: missed %s by %s":                         "%s\u00a0: cible de %s au %s manquée",
	"The target was %s by %s (%s)":                "La cible était %s au %s (%s)",
	"%s: no figure near the deadline of %s by %s": "%s\u00a0: aucun chiffre près de l’échéance de %s au %s",
	"The target was %s by %s (%s); no figure dated within the freshness window before it shows whether it was met": "La cible était %s au %s (%s)\u00a0; aucun chiffre daté dans la fenêtre de fraîcheur qui la précède ne dit si elle a été atteinte",
	"%s: not done by %s": "%s\u00a0: non réalisé au %s",
	"Due %s (%s), not reported done: progress %s at %s":                             "Échéance le %s (%s), non déclaré réalisé\u00a0: avancement %s au %s",
	"%s: no new figure since %s":                                                    "%s\u00a0: aucun nouveau chiffre depuis le %s",
	"Latest figure %s at %s, %d days before %s; a figure is expected every %d days": "Dernier chiffre %s au %s, %d jours avant le %s\u00a0; un chiffre est attendu tous les %d jours",
	"%s at %s":                           "%s au %s",
	", plan %s":                          ", trajectoire %s",
	"forecast %s at %s against %s":       "prévision %s au %s pour une cible de %s",
	", probability %s":                   ", probabilité %s",
	"done":                               "réalisé",
	"; ":                                 "\u00a0; ",
	" Details: %s":                       " Détails\u00a0: %s",
	"Puller %s failed its last %d runs.": "Le collecteur %s a échoué à ses %d dernières exécutions.",
	" Last error: %s":                    " Dernière erreur\u00a0: %s",
	"objective %s":                       "l’objectif %s",
	"indicator %s of objective %s":       "l’indicateur %s de l’objectif %s",
	"The owners rate %s %s while the figures give %s: two or more levels more optimistic. Ask what they know that the figures do not show yet.": "Les pilotes jugent %s %s quand les chiffres donnent %s : au moins deux niveaux plus optimistes. Demandez-leur ce qu’ils savent que les chiffres ne montrent pas encore.",
	"%s: owners more optimistic than the figures": "%s : pilotes plus optimistes que les chiffres",
	"Puller %s failing":                           "Collecteur %s en échec",
}
