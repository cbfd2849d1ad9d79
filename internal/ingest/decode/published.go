package decode

import (
	"github.com/jalonhq/jalon/internal/ingest"
)

// rawPublished is what a figure taken from a publication may carry, as it
// arrived (JSON fields or CSV columns start, qualifier, source_url). Pushes
// with these fields go through decodeJSONSlow: the fast scanner does not
// know them, and they are rare.
type rawPublished struct {
	Start     string `json:"start"`
	Qualifier string `json:"qualifier"`
	SourceURL string `json:"source_url"`
}

// set sets the field of the CSV column name.
func (p *rawPublished) set(name, v string) {
	switch name {
	case "start":
		p.Start = v
	case "qualifier":
		p.Qualifier = v
	case "source_url":
		p.SourceURL = v
	}
}

// parse parses the start; the catalog's checks (ingest) judge the rest.
func (p rawPublished) parse() (ingest.Published, error) {
	out := ingest.Published{Qualifier: p.Qualifier, SourceURL: p.SourceURL}
	if p.Start == "" {
		return out, nil
	}
	t, err := ParseTime(p.Start)
	if err != nil {
		return out, fieldError{"start", err}
	}
	out.Start = t
	return out, nil
}

// fieldError is a problem with one field of an item.
type fieldError struct {
	field string
	err   error
}

func (e fieldError) Error() string { return e.field + ": " + e.err.Error() }
