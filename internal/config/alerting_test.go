package config

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func ptrTo[T any](v T) *T { return &v }

func TestParseAlerting(t *testing.T) {
	t.Setenv("JALON_TEST_WEBHOOK_SECRET", "s3cret-from-env")
	d, err := LoadDaemon("testdata/alerting.toml") // its secret_file is testdata/hook.secret
	if err != nil {
		t.Fatalf("ParseDaemon(alerting example) = %v", err)
	}
	wantAlerting := Alerting{
		ResendDelay: 30 * time.Second, ResolvedRetention: 30 * time.Minute, OutboxLimit: 500,
		ExternalURL: "https://jalon.example.org", SettledAfter: 60 * 24 * time.Hour,
		RunbookURL: "https://wiki.example.org/jalon/{{ .Alertname }}?indicator={{ .Indicator }}",
		Rules: map[string]AlertSettings{
			rulename.ForecastMissesTarget: {For: ptrTo(6 * time.Hour), Severity: "info", Probability: ptrTo(0.2)},
			rulename.MilestoneOverdue:     {Disabled: ptrTo(true)},
			rulename.PullerFailing:        {Failures: 5, Labels: map[string]string{"team": "data"}},
		},
		Overrides: []AlertOverride{
			{Objective: "1-1", AlertSettings: AlertSettings{Labels: map[string]string{"team": "cnam-mes", "owner": "CNAM"}}},
			{Indicator: "mes_documents_fed_per_year", Rule: rulename.TrajectoryOffTrack, AlertSettings: AlertSettings{For: ptrTo(time.Duration(0)), Severity: "page"}},
			{Match: map[string]string{"region": "", "department": ""}, AlertSettings: AlertSettings{Labels: map[string]string{"scope": "national"}}},
		},
	}
	if o := &d.Alerting.Overrides[2]; o.Pos.File != "testdata/alerting.toml" || o.Pos.Line != 33 {
		t.Errorf("Overrides[2].Pos = %+v, want testdata/alerting.toml, line 33", o.Pos)
	}
	d.Alerting.Overrides[2].Pos = Pos{}
	for i, line := range []int{23, 27} {
		o := &d.Alerting.Overrides[i]
		if o.Pos.File != "testdata/alerting.toml" || o.Pos.Line != line || o.Pos.Lines["indicator"]+o.Pos.Lines["objective"] != line+1 {
			t.Errorf("Overrides[%d].Pos = %+v, want testdata/alerting.toml, line %d, its indicator or objective on the next", i, o.Pos, line)
		}
		o.Pos = Pos{} // checked above
	}
	if !reflect.DeepEqual(d.Alerting, wantAlerting) {
		t.Errorf("Alerting =\n%+v\nwant\n%+v", d.Alerting, wantAlerting)
	}
	wantNotifiers := []Notifier{
		{Name: "alertmanager", Type: NotifierAlertmanager, URLs: []string{"http://am-1:9093", "http://am-2:9093"}, Timeout: 5 * time.Second},
		{Name: "ops-hook", Type: NotifierWebhook, URLs: []string{"https://hooks.example.org/jalon"}, Secret: "s3cret-from-env"},
		{Name: "pmo-hook", Type: NotifierWebhook, URLs: []string{"http://127.0.0.1:8080/hook"}, Secret: "s3cret-from-file"},
	}
	if !reflect.DeepEqual(d.Notifiers, wantNotifiers) {
		t.Errorf("Notifiers =\n%+v\nwant\n%+v", d.Notifiers, wantNotifiers)
	}
}

func TestParseAlertingDefaults(t *testing.T) {
	d, err := ParseDaemon(tomlcheck.Source{Name: "jalon.toml"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Alerting, Alerting{}) || d.Notifiers != nil {
		t.Errorf("ParseDaemon(empty) alerting = %+v, notifiers %+v; want zero values (alerting's defaults)", d.Alerting, d.Notifiers)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	n := Notifier{Name: "hook", Secret: "hunter2"}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(format, n); strings.Contains(got, "hunter2") {
			t.Errorf("Sprintf(%s, notifier) = %s, shows the secret", format, got)
		}
	}
}

func TestParseAlertingProblems(t *testing.T) {
	t.Setenv("JALON_TEST_EMPTY_SECRET", "")
	tests := []problemCase{
		{"unknown keys", "[alerting]\nresend = \"1m\"\n[alerting.rule.JalonDataStale]\nfor = \"1h\"\nseverity = \"warning\"\ntreshold = 3\n[[notifier]]\ntype = \"alertmanager\"\nurl = \"http://am:9093\"\nretries = 3\n", []string{
			`jalon.toml:2: alerting.resend: unknown key`,
			`jalon.toml:6: alerting.rule.JalonDataStale.treshold: unknown key`,
			`jalon.toml:10: notifier.retries: unknown key`,
		}},
		{"bad values", "[alerting]\nresend_delay = \"0s\"\noutbox_limit = 0\nexternal_url = \"jalon.example.org\"\nrunbook_url = \"{{ .Rule }}\"\n", []string{
			`jalon.toml:2: alerting.resend_delay: "0s" must be positive`,
			`jalon.toml:3: alerting.outbox_limit: must be a positive integer, not 0`,
			`jalon.toml:4: alerting.external_url: "jalon.example.org" is not an absolute http:// or https:// URL`,
			`jalon.toml:5: alerting.runbook_url: invalid template: template: runbook_url:1:3: executing "runbook_url" at <.Rule>: can't evaluate field Rule in type config.RunbookFields (fields: .Alertname .Indicator .Objective .Severity .Labels)`,
		}},
		{"rules", "[alerting.rule.JalonOffTrack]\nfor = \"1h\"\n[alerting.rule.JalonDataStale]\nfor = \"-1h\"\nseverity = \"\"\nprobability = 0.5\nfailures = 2\nlabels = { alertname = \"x\", \"bad-name\" = \"y\", team = 3 }\n", []string{
			`jalon.toml:1: alerting.rule.JalonOffTrack: unknown rule "JalonOffTrack" (one of [JalonTrajectoryAtRisk JalonTrajectoryOffTrack JalonForecastMissesTarget JalonDeadlineMissed JalonDeadlineUnverified JalonMilestoneOverdue JalonDataStale JalonPullerFailing JalonAssessmentDiverges])`,
			`jalon.toml:4: alerting.rule.JalonDataStale.for: "-1h" must not be negative ("0s" fires at the first evaluation that finds the condition)`,
			`jalon.toml:5: alerting.rule.JalonDataStale.severity: must not be empty`,
			`jalon.toml:6: alerting.rule.JalonDataStale.probability: only JalonForecastMissesTarget has a probability threshold`,
			`jalon.toml:7: alerting.rule.JalonDataStale.failures: only JalonPullerFailing has a failures threshold`,
			`jalon.toml:8: alerting.rule.JalonDataStale.labels.alertname: label "alertname" is set by the rules and cannot be added`,
			`jalon.toml:8: alerting.rule.JalonDataStale.labels.bad-name: "bad-name" is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)`,
			`jalon.toml:8: alerting.rule.JalonDataStale.labels.team: must be a non-empty string`,
		}},
		{"thresholds", "[alerting.rule.JalonForecastMissesTarget]\nprobability = 1.5\n[alerting.rule.JalonPullerFailing]\nfailures = 0\n", []string{
			`jalon.toml:2: alerting.rule.JalonForecastMissesTarget.probability: must be between 0 and 1, not 1.5`,
			`jalon.toml:4: alerting.rule.JalonPullerFailing.failures: must be a positive integer, not 0`,
		}},
		{"overrides", "[[alerting.override]]\nseverity = \"x\"\n[[alerting.override]]\nindicator = \"a\"\nobjective = \"1-1\"\n[[alerting.override]]\nobjective = \"1-1\"\nrule = \"JalonPullerFailing\"\n[[alerting.override]]\nindicator = \"a\"\nrule = \"Nope\"\n[[alerting.override]]\nindicator = \"b\"\n[[alerting.override]]\nindicator = \"b\"\nseverity = \"y\"\n", []string{
			`jalon.toml:1: alerting.override: set one of indicator and objective, or match to select series of every indicator`,
			`jalon.toml:3: alerting.override: set at most one of indicator and objective`,
			`jalon.toml:8: alerting.override.rule: JalonPullerFailing alerts belong to pullers, not indicators: set it in [alerting.rule.JalonPullerFailing]`,
			`jalon.toml:11: alerting.override.rule: unknown rule "Nope" (one of [JalonTrajectoryAtRisk JalonTrajectoryOffTrack JalonForecastMissesTarget JalonDeadlineMissed JalonDeadlineUnverified JalonMilestoneOverdue JalonDataStale JalonPullerFailing JalonAssessmentDiverges])`,
			`jalon.toml:14: alerting.override: same indicator or objective, rule and match as the override at line 12`,
		}},
		{"override matchers", "[[alerting.override]]\nindicator = \"a\"\nmatch = { region = 84, \"bad-name\" = \"x\", indicator = \"b\" }\n[[alerting.override]]\nmatch = \"region=84\"\n[[alerting.override]]\nindicator = \"c\"\nmatch = {}\n", []string{
			`jalon.toml:3: alerting.override.match.bad-name: "bad-name" is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)`,
			`jalon.toml:3: alerting.override.match.indicator: label "indicator" is the rules' own, not a series label: select by indicator or objective instead`,
			`jalon.toml:3: alerting.override.match.region: must be a string ("" matches series without the label), not integer`,
			`jalon.toml:4: alerting.override: set one of indicator and objective, or match to select series of every indicator`,
			`jalon.toml:5: alerting.override.match: must be a non-empty table of label values such as { region = "84" } ("" matches series without the label), not string`,
			`jalon.toml:8: alerting.override.match: must be a non-empty table of label values such as { region = "84" } ("" matches series without the label), not table`,
		}},
		{"notifiers", "[[notifier]]\nurl = \"http://a\"\n[[notifier]]\ntype = \"slack\"\n[[notifier]]\ntype = \"alertmanager\"\n[[notifier]]\nname = \"am\"\ntype = \"alertmanager\"\nurls = []\nsecret = \"${X}\"\n[[notifier]]\nname = \"am\"\ntype = \"alertmanager\"\nurl = \"ftp://x\"\nurls = [\"http://y\"]\n", []string{
			`jalon.toml:1: notifier.type: required key missing`,
			`jalon.toml:4: notifier.type: unknown notifier type "slack" ("alertmanager" or "webhook")`,
			`jalon.toml:5: notifier.urls: required key missing: the Alertmanagers' base URLs, such as ["http://alertmanager:9093"]`,
			`jalon.toml:10: notifier.urls: an alertmanager notifier needs at least one URL`,
			`jalon.toml:11: notifier.secret: only webhook notifiers are signed`,
			`jalon.toml:13: notifier.name: duplicate notifier name "am" (first at line 7): give each notifier a name`,
			`jalon.toml:16: notifier.urls: set url or urls, not both`,
		}},
		{"notifier URLs", "[[notifier]]\ntype = \"alertmanager\"\nurl = \"alertmanager:9093\"\n[[notifier]]\nname = \"b\"\ntype = \"alertmanager\"\nurls = [\"http://am:9093\", \"am-2:9093\", \"http://am:9093\"]\n[[notifier]]\nname = \"c\"\ntype = \"webhook\"\nurl = 5\nsecret_file = \"testdata/hook.secret\"\n", []string{
			`jalon.toml:3: notifier.url: "alertmanager:9093" is not an absolute http:// or https:// URL`,
			`jalon.toml:7: notifier.urls[1]: "am-2:9093" is not an absolute http:// or https:// URL`,
			`jalon.toml:7: notifier.urls[2]: "http://am:9093" is listed twice (first at index 0)`,
			`jalon.toml:11: notifier.url: must be a string, not integer`,
		}},
		{"webhook secrets", "[[notifier]]\nname = \"a\"\ntype = \"webhook\"\nurl = \"http://h\"\n[[notifier]]\nname = \"b\"\ntype = \"webhook\"\nurl = \"http://h\"\nsecret = \"hunter2\"\n[[notifier]]\nname = \"c\"\ntype = \"webhook\"\nurl = \"http://h\"\nsecret = \"${JALON_TEST_EMPTY_SECRET}\"\n[[notifier]]\nname = \"d\"\ntype = \"webhook\"\nurls = [\"http://h\"]\nsecret_file = \"/nonexistent/secret\"\n", []string{
			`jalon.toml:1: notifier.secret: required key missing: webhook bodies are signed; set secret = "${ENV_VAR}" or secret_file`,
			`jalon.toml:9: notifier.secret: must name an environment variable as "${NAME}", never hold the secret itself`,
			`jalon.toml:14: notifier.secret: environment variable JALON_TEST_EMPTY_SECRET is not set or empty`,
			`jalon.toml:15: notifier.url: required key missing`,
			`jalon.toml:18: notifier.urls: a webhook has one url`,
			`jalon.toml:19: notifier.secret_file: read secret file: open /nonexistent/secret: no such file or directory`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := daemonProblems(t, tc.toml, tc.want)
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("ParseDaemon() problems quote a secret: %s", err)
			}
		})
	}
}

// TestAlertingDocsExample keeps the example of docs/alerting.md valid.
func TestAlertingDocsExample(t *testing.T) {
	t.Setenv("JALON_WEBHOOK_SECRET", "x")
	doc, err := os.ReadFile("../../docs/alerting.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, _ := strings.Cut(string(doc), "```toml\n")
	block, _, _ = strings.Cut(block, "```")
	d, err := ParseDaemon(tomlcheck.Source{Name: "docs/alerting.md", Data: []byte(block)})
	if err != nil {
		t.Fatalf("docs/alerting.md example: %v", err)
	}
	if len(d.Notifiers) != 2 || len(d.Alerting.Overrides) != 4 || d.Alerting.Overrides[3].Match["region"] != "84" || d.Alerting.Rules[rulename.ForecastMissesTarget].Probability == nil {
		t.Errorf("docs/alerting.md example = %+v, %+v", d.Alerting, d.Notifiers)
	}
}
