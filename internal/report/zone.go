package report

import "time"

// words are the texts of the options' language, with times of day in
// their zone.
func (o Options) words() *words {
	w := newWords(o.Lang)
	w.zone = o.Timezone
	return w
}

func (w *words) location() *time.Location {
	if w.zone == nil {
		return time.UTC
	}
	return w.zone
}

// ZoneNote names the zone of the report's times of day, for its
// introduction: one zone for every time a person reads.
func (w *words) ZoneNote() string {
	return w.F(" Times are in %s; dates are calendar days.", w.location())
}
