package report

import "github.com/jalonhq/jalon/indicators"

// qualified prefixes a formatted value with its qualifier's sign ("≥ 420
// M"), as the publication worded it ("plus de 420 millions").
func qualified(q indicators.Qualifier, value string) string {
	if s := q.Symbol(); s != "" && value != "" {
		return s + " " + value
	}
	return value
}
