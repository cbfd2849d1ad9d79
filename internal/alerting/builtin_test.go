package alerting

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/internal/golden"
)

// TestDocsRuleTable keeps the rule table of docs/alerting.md what the
// built-in rules' descriptors say: name, when it fires, severity and for.
func TestDocsRuleTable(t *testing.T) {
	doc, err := os.ReadFile("../../docs/alerting.md")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "| `Jalon") {
			got = append(got, line)
		}
	}
	var want []string
	for _, r := range append(seriesRules(), pullerRule(), assessmentRule()) {
		want = append(want, fmt.Sprintf("| `%s` | %s | `%s` | `%s` |", r.name, r.fires, r.severity, model.Duration(r.forDur)))
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("docs/alerting.md rule table differs from the descriptors (builtin.go):\n%s", golden.Diff(w, g))
	}
}
