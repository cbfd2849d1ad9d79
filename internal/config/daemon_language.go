package config

import (
	"github.com/jalonhq/jalon/indicators"
)

// DefaultLanguage is the language of reports when a request names none:
// French, the language of the roadmap's steering committee.
const DefaultLanguage = indicators.French

// language reads the language key; a problem names the languages known.
func (c *checker) language(path string, v value) indicators.Lang {
	s := c.Str(path, v, string(DefaultLanguage))
	l, err := indicators.ParseLang(s)
	if err != nil {
		c.Errorf(path, "unknown language %q: want \"fr\" or \"en\"", s)
		return DefaultLanguage
	}
	return l
}
