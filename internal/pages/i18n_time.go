package pages

import "time"

// stamp writes a moment to the minute in the display zone, which the
// footer of every page names: one zone for every time a page shows.
// Days (deadlines, the dates of figures) are calendar days, written by
// dayText as they were given, in no zone.
func (l *lang) stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(l.location()).Format("2006-01-02 15:04")
}

// zoneName names the display zone, "Europe/Paris".
func (l *lang) zoneName() string { return l.location().String() }

func (l *lang) location() *time.Location {
	if l.zone == nil {
		return time.UTC
	}
	return l.zone
}
