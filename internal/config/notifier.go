package config

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// The notifier types.
const (
	NotifierAlertmanager = "alertmanager"
	NotifierWebhook      = "webhook"
)

// Notifier is one [[notifier]] table: where alert notifications go.
type Notifier struct {
	// Name identifies the notifier in metrics and logs; the type by default.
	Name string
	Type string // NotifierAlertmanager or NotifierWebhook
	// URLs are the Alertmanagers' base URLs, each sent every alert (not
	// through a load balancer), or the webhook's one URL.
	URLs []string
	// Timeout bounds one delivery attempt; zero means alerting's default.
	Timeout time.Duration
	// Secret signs webhook bodies (HMAC-SHA256), read from the environment
	// or a file.
	Secret Secret
}

// Secret is a string that never prints, so that a configuration dumped in
// a log or a test failure does not leak it.
type Secret string

// String hides the secret.
func (Secret) String() string { return "<secret>" }

// GoString hides the secret from %#v.
func (Secret) GoString() string { return `"<secret>"` }

type notifierFile struct {
	Name       value `toml:"name"`
	Type       value `toml:"type"`
	URL        value `toml:"url"`
	URLs       value `toml:"urls"`
	Timeout    value `toml:"timeout"`
	Secret     value `toml:"secret"`
	SecretFile value `toml:"secret_file"`
}

// notifiers reads the [[notifier]] tables; dir resolves secret files.
func (c *checker) notifiers(fs []notifierFile, dir string) []Notifier {
	var out []Notifier
	names := map[string]string{}
	for i, f := range fs {
		p := fmt.Sprintf("notifier[%d]", i)
		n := Notifier{Type: c.notifierType(p+".type", f.Type), Timeout: c.Duration(p+".timeout", f.Timeout, 0)}
		n.Name = c.notifierName(p+".name", f.Name, n.Type)
		if first, dup := names[n.Name]; dup && n.Name != "" {
			c.Errorf(p+".name", "duplicate notifier name %q (first at line %d): give each notifier a name", n.Name, c.Line(first))
		}
		names[n.Name] = p
		switch n.Type {
		case NotifierAlertmanager:
			n.URLs = c.alertmanagerURLs(p, f)
		case NotifierWebhook:
			n.URLs = c.webhookURL(p, f)
			n.Secret = c.secret(p, f, dir)
		}
		out = append(out, n)
	}
	return out
}

func (c *checker) notifierType(path string, v value) string {
	if !c.Required(path, v) {
		return ""
	}
	t := c.Str(path, v, "")
	if t != NotifierAlertmanager && t != NotifierWebhook {
		c.Errorf(path, "unknown notifier type %q (%q or %q)", t, NotifierAlertmanager, NotifierWebhook)
		return ""
	}
	return t
}

// notifierName checks a name, which becomes a metric label value and part
// of outbox keys: letters, digits, '_', '-' and '.'.
func (c *checker) notifierName(path string, v value, def string) string {
	name := c.Str(path, v, def)
	ok := name != ""
	for _, r := range name {
		ok = ok && (r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}
	if !ok && v.Set {
		c.Errorf(path, "%q is not a notifier name (letters, digits, '_', '-', '.')", name)
	}
	return name
}

func (c *checker) alertmanagerURLs(p string, f notifierFile) []string {
	for _, k := range []struct {
		key string
		v   value
	}{{"secret", f.Secret}, {"secret_file", f.SecretFile}} {
		if k.v.Set {
			c.Errorf(p+"."+k.key, "only webhook notifiers are signed")
		}
	}
	switch {
	case f.URL.Set && f.URLs.Set:
		c.Errorf(p+".urls", "set url or urls, not both")
	case f.URL.Set:
		return c.oneURL(p+".url", f.URL)
	case f.URLs.Set:
		urls := c.UniqueStrings(p+".urls", f.URLs, c.httpURL)
		if arr, ok := f.URLs.Raw.([]any); ok && len(arr) == 0 {
			c.Errorf(p+".urls", "an alertmanager notifier needs at least one URL")
		}
		return trimURLs(urls)
	default:
		c.Errorf(p+".urls", "required key missing: the Alertmanagers' base URLs, such as [\"http://alertmanager:9093\"]")
	}
	return nil
}

func (c *checker) webhookURL(p string, f notifierFile) []string {
	if f.URLs.Set {
		c.Errorf(p+".urls", "a webhook has one url")
	}
	if !c.Required(p+".url", f.URL) {
		return nil
	}
	return c.oneURL(p+".url", f.URL)
}

// oneURL reads the http or https URL at path, as a list of one.
func (c *checker) oneURL(path string, v value) []string {
	u := c.Str(path, v, "")
	if _, isStr := v.Raw.(string); !isStr || !c.httpURL(path, u) {
		return nil
	}
	return trimURLs([]string{u})
}

// trimURLs drops the final slashes of base URLs; nil if there are none.
func trimURLs(urls []string) []string {
	if len(urls) == 0 {
		return nil
	}
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = strings.TrimRight(u, "/")
	}
	return out
}

// secret reads a webhook's secret from `secret = "${NAME}"` (an environment
// variable) or `secret_file`: never from the file itself, which is often
// shared or committed. Messages never quote the secret.
func (c *checker) secret(p string, f notifierFile, dir string) Secret {
	switch {
	case f.Secret.Set && f.SecretFile.Set:
		c.Errorf(p+".secret", "set secret or secret_file, not both")
	case f.Secret.Set:
		return c.envSecret(p+".secret", f.Secret)
	case f.SecretFile.Set:
		return c.fileSecret(p+".secret_file", f.SecretFile, dir)
	default:
		c.Errorf(p+".secret", "required key missing: webhook bodies are signed; set secret = \"${ENV_VAR}\" or secret_file")
	}
	return ""
}

func (c *checker) envSecret(path string, v value) Secret {
	s, _ := v.Raw.(string)
	name, ok := strings.CutPrefix(s, "${")
	name, ok2 := strings.CutSuffix(name, "}")
	if !ok || !ok2 || !validLabelName(name) {
		c.Errorf(path, `must name an environment variable as "${NAME}", never hold the secret itself`)
		return ""
	}
	val, set := os.LookupEnv(name)
	if !set || val == "" {
		c.Errorf(path, "environment variable %s is not set or empty", name)
		return ""
	}
	return Secret(val)
}

func (c *checker) fileSecret(path string, v value, dir string) Secret {
	p := c.path(path, v, "", dir)
	if p == "" {
		return ""
	}
	data, err := os.ReadFile(p)
	if err != nil {
		c.Errorf(path, "read secret file: %v", err)
		return ""
	}
	s := strings.TrimRight(string(data), "\r\n")
	if s == "" {
		c.Errorf(path, "secret file %s is empty", p)
		return ""
	}
	return Secret(s)
}
