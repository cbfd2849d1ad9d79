package catalogfile

import (
	"reflect"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// checker reads one catalog file: tomlcheck's reading of values, and the
// catalog's own checks as methods beside it.
type checker struct{ *tomlcheck.Checker }

// value is a TOML value as written, before it is checked.
type value = tomlcheck.Value

// Keys lists the top-level keys of a catalog file, by which jalond's
// configuration recognises a catalog file given in its place.
func Keys() []string { return tomlcheck.TopLevelKeys(reflect.TypeFor[catalogFile]()) }

// DaemonKeys are the top-level keys of jalond's configuration file, by which
// a configuration given as a catalog file is recognised. They are written
// here because config imports this package, not the reverse; config's
// TestDaemonKeys checks them against its file type.
func DaemonKeys() []string {
	return []string{"listen_address", "tls", "storage_path", "storage", "catalog_files", "embedded_catalog", "timezone", "language",
		"evaluation_interval", "token", "web_user", "oidc", "puller", "alerting", "notifier", "remote_write"}
}
