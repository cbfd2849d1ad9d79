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
