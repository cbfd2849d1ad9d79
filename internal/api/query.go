package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// parseQuery parses r's query string. r.URL.Query drops without a word a
// pair that holds a ';' or a bad %-escape, so that a filter written that
// way answers with everything; here both are errors.
func parseQuery(r *http.Request) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err == nil {
		return q, nil
	}
	for pair := range strings.SplitSeq(r.URL.RawQuery, "&") {
		if strings.Contains(pair, ";") {
			return nil, fmt.Errorf("query %q: ';' does not separate anything in a query string: "+
				"separate name=value pairs with ',' and parameters with '&' (a literal ';' is written %%3B)", pair)
		}
	}
	return nil, fmt.Errorf("query string: %w", err)
}

// knownParams refuses a query parameter not among names: a misspelt
// filter would otherwise be ignored and answer with everything.
func knownParams(q url.Values, names ...string) error {
	var unknown []string
	for name := range q {
		if !slices.Contains(names, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("unknown query parameter %q (known: %s)", unknown[0], strings.Join(names, ", "))
}

// single returns the value of the query parameter name, refusing one given
// more than once, of which all but the first would be dropped.
func single(q url.Values, name string) (string, error) {
	switch vs := q[name]; len(vs) {
	case 0:
		return "", nil
	case 1:
		return vs[0], nil
	default:
		return "", fmt.Errorf("%s: given %d times (%q); give it once, values separated by ','", name, len(vs), vs)
	}
}

// parseLabelFilter reads the labels parameter of ind's routes: name=value
// pairs separated by commas, each name once. A name with a value must be a
// dimension of ind; an empty value means "without that label", which any
// name may ask.
func parseLabelFilter(s string, ind *indicators.Indicator) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	out := map[string]string{}
	for pair := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("labels: %q: want name=value pairs separated by commas", pair)
		}
		if old, dup := out[k]; dup {
			return nil, fmt.Errorf("labels: %s given twice (%q and %q); a series has one value per label", k, old, v)
		}
		if v != "" && !slices.Contains(ind.Dimensions, k) {
			return nil, notDimension(k, ind)
		}
		out[k] = v
	}
	return out, nil
}

func notDimension(name string, ind *indicators.Indicator) error {
	if len(ind.Dimensions) == 0 {
		return fmt.Errorf("labels: %s is not a dimension of %s, which takes no labels", name, ind.ID)
	}
	return fmt.Errorf("labels: %s is not a dimension of %s (dimensions: %s)", name, ind.ID, strings.Join(ind.Dimensions, ", "))
}
