package indicators

import (
	"fmt"
	"math"
)

// paceWords are PaceText's phrases, in English and French; French puts a
// narrow no-break space before the semicolon, as it does before %.
var paceWords = map[Lang][4]string{
	English: {"you need %s a month", "target reached", "recent pace %s a month", "no recent pace yet"},
	French:  {"il faut %s par mois", "cible atteinte", "rythme récent %s par mois", "pas encore de rythme récent"},
}

// PaceText writes a pace in u's language, values in u's unit: "you need
// 179 a month; recent pace 120 a month", "il faut 179 par mois ; rythme
// récent 120 par mois". Pages and reports write the pace through it so
// that it reads the same everywhere.
func (u Unit) PaceText(p Pace) string {
	w, sep := paceWords[English], "; "
	if u.Lang == French {
		w, sep = paceWords[French], "\u202f; "
	}
	need := w[1]
	if p.Required != 0 {
		need = fmt.Sprintf(w[0], u.Format(p.Required))
	}
	recent := w[3]
	if !math.IsNaN(p.Recent) {
		recent = fmt.Sprintf(w[2], u.Format(p.Recent))
	}
	return need + sep + recent
}
