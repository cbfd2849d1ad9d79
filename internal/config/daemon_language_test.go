package config

import (
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func TestDaemonLanguage(t *testing.T) {
	tests := []struct {
		src  string
		want indicators.Lang
	}{
		{"", indicators.French},
		{`language = "en"`, indicators.English},
		{`language = "fr"`, indicators.French},
	}
	for _, tt := range tests {
		d, err := ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(tt.src)})
		if err != nil || d.Language != tt.want {
			t.Errorf("ParseDaemon(%q).Language = %v, %v; want %q", tt.src, d, err, tt.want)
		}
	}
}

func TestDaemonLanguageRefused(t *testing.T) {
	_, err := ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte("\nlanguage = \"de\"\n")})
	want := `jalon.toml:2: language: unknown language "de": want "fr" or "en"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ParseDaemon(language = de) = %v, want %q", err, want)
	}
}
