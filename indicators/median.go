package indicators

import "math"

// median returns the median of v, reordering v. It selects rather than
// sorts: the fit takes two medians for every series evaluated.
func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	h := len(v) / 2
	m := selectNth(v, h)
	if len(v)%2 == 1 {
		return m
	}
	below := v[0] // after selection v[:h] holds the h smallest values
	for _, x := range v[1:h] {
		below = math.Max(below, x)
	}
	return (below + m) / 2
}

// selectNth reorders v so that v[n] is the value a sort would put there,
// with no greater value before it and no smaller one after (quickselect).
func selectNth(v []float64, n int) float64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		p := partition(v, lo, hi)
		switch {
		case n < p:
			hi = p - 1
		case n > p:
			lo = p + 1
		default:
			return v[n]
		}
	}
	return v[n]
}

// partition splits v[lo:hi+1] around its middle element and returns where
// that element lands; the middle is a good pivot for the nearly sorted
// slopes and residuals of a steady series.
func partition(v []float64, lo, hi int) int {
	mid := lo + (hi-lo)/2
	v[mid], v[hi] = v[hi], v[mid]
	i := lo
	for j := lo; j < hi; j++ {
		if v[j] < v[hi] {
			v[i], v[j] = v[j], v[i]
			i++
		}
	}
	v[i], v[hi] = v[hi], v[i]
	return i
}
