package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
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
