package indicators

import "math"

// severity orders statuses from the most to the least worrying. No data is
// least, so that one measured series speaks for an indicator; unverified is
// not known to be behind, so it is no worse than stale.
var severity = map[Status]int{
	StatusMissed: 0, StatusOffTrack: 1, StatusAtRisk: 2, StatusStale: 3, StatusUnverified: 3,
	StatusOnTrack: 4, StatusAchieved: 5, StatusNoData: 6,
}

// WorseStatus reports whether a is more worrying than b: an objective takes
// its worst indicator's status.
func WorseStatus(a, b Status) bool { return severity[a] < severity[b] }

// WorsePart reports whether the evaluation a of one territorial part is
// more worrying than b: by status, then, between equal statuses, by how far
// behind its plan it is (the lower gap; a gap that cannot be computed ranks
// after any that can). Three regions at 74 %, 70.2 % and 66.8 %, all
// behind, are headed by 66.8 %, not by whichever sorts first.
func WorsePart(a, b Evaluation) bool {
	if sa, sb := severity[a.Status], severity[b.Status]; sa != sb {
		return sa < sb
	}
	switch {
	case math.IsNaN(a.Gap):
		return false
	case math.IsNaN(b.Gap):
		return true
	}
	return a.Gap < b.Gap
}
