package config

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// TestWrongTypeReportedOnce gives every one-line key of the test files a
// value of each other type in turn: each time, no key may have more than
// one problem, as a check made after a failed read would otherwise report
// the zero value left in its place ("" is not a host:port address).
func TestWrongTypeReportedOnce(t *testing.T) {
	t.Setenv("JALON_TEST_WEBHOOK_SECRET", "x")
	srcs := map[string]string{"pullers.toml": pullersTOML}
	for _, name := range []string{"testdata/alerting.toml", "testdata/example.toml", "../catalogfile/testdata/good.toml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs[name] = string(data)
	}
	keyValue := regexp.MustCompile(`(?m)^\s*[a-z_]+\s*=\s*("[^"\n]*"|\[[^\n]*\]|\{[^\n]*\}|true|false|[0-9]+)\s*$`)
	for name, src := range srcs {
		for _, loc := range keyValue.FindAllStringSubmatchIndex(src, -1) {
			for _, other := range []string{"5", "true", "[5]", "{ a = 5 }", `""`, `"x"`} {
				data := src[:loc[2]] + other + src[loc[3]:]
				var err error
				if strings.HasSuffix(name, "good.toml") {
					_, err = catalogfile.ParseCatalog(tomlcheck.Source{Name: name, Data: []byte(data)})
				} else {
					_, err = ParseDaemon(tomlcheck.Source{Name: name, Data: []byte(data)})
				}
				var probs tomlcheck.Problems
				errors.As(err, &probs)
				seen := map[string]bool{}
				for _, p := range probs {
					at := fmt.Sprintf("%d %s", p.Line, p.Key)
					if seen[at] {
						t.Errorf("%s with %s = %s: problems\n%v\nwant one per key", name, src[loc[0]:loc[2]], other, err)
						break
					}
					seen[at] = true
				}
			}
		}
	}
}
