package alerting

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/jalonhq/jalon/indicators"
)

// Labels are an alert's labels sorted by name; they identify the alert.
type Labels = indicators.Labels

// mergeLabels appends to dst the rule's base labels (identity and routing),
// the series' own labels that the base does not set, and the deadline label
// if not empty, sorted by name. dst is scratch space reused between calls.
func mergeLabels(dst, base, series Labels, deadline string) Labels {
	dst = append(dst[:0], base...)
	for _, l := range series {
		if l.Name != "deadline" || deadline == "" {
			if !has(base, l.Name) {
				dst = append(dst, l)
			}
		}
	}
	if deadline != "" {
		dst = append(dst, indicators.Label{Name: "deadline", Value: deadline})
	}
	slices.SortFunc(dst, func(a, b indicators.Label) int { return cmp.Compare(a.Name, b.Name) })
	return dst
}

// labelParts are an alert's labels as the parts a rule merges them from:
// the rule's base labels, shared by all its alerts on one indicator, the
// series' own labels and the deadline. Merged, they would be a copy of the
// base per alert, most of the bytes of its labels. An alert read from the
// store, or of a puller, has all its labels in own until a rule's
// candidate gives the parts.
type labelParts struct {
	base     Labels // nil: own holds all the labels
	own      Labels
	deadline string
}

// get returns the labels, sorted by name, merged in dst (scratch space)
// unless own holds them all. The result must not be modified.
func (p *labelParts) get(dst Labels) Labels {
	if p.base == nil {
		return p.own
	}
	return mergeLabels(dst, p.base, p.own, p.deadline)
}

// partsOf returns the parts of c's labels, or false if c's labels cannot
// be told apart from its rule's (a base label named like the deadline
// label, say): such an alert keeps all its labels.
func partsOf(c *candidate) (labelParts, bool) {
	if c.base == nil {
		return labelParts{}, false
	}
	var own Labels
	for i, l := range c.labels {
		if i > 0 && c.labels[i-1].Name == l.Name {
			return labelParts{}, false
		}
		if !has(c.base, l.Name) && (c.deadline == "" || l.Name != "deadline") {
			own = append(own, l)
		}
	}
	p := labelParts{base: c.base, own: own, deadline: c.deadline}
	var scratch [16]indicators.Label
	if !slices.Equal(p.get(scratch[:0]), c.labels) {
		return labelParts{}, false
	}
	return p, true
}

func has(ls Labels, name string) bool {
	for _, l := range ls {
		if l.Name == name {
			return true
		}
	}
	return false
}

// fingerprint hashes sorted labels (FNV-1a, 64 bits), separating names and
// values by a byte that cannot occur in UTF-8, as Prometheus does.
func fingerprint(ls Labels) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * prime
		}
		h = (h ^ 0xff) * prime
	}
	for _, l := range ls {
		add(l.Name)
		add(l.Value)
	}
	return h
}

// fpString renders a fingerprint as the 16 hex digits used as store key
// and in notifications.
func fpString(fp uint64) string {
	s := strconv.FormatUint(fp, 16)
	for len(s) < 16 {
		s = "0" + s
	}
	return s
}
