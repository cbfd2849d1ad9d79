package config

import (
	"fmt"
	"strconv"
)

// tlsFile is the [tls] table of Jalon before --web.config.file: still read,
// so that a configuration that has it is told what to write instead.
type tlsFile struct {
	CertFile value `toml:"cert_file"`
	KeyFile  value `toml:"key_file"`
}

// tlsMoved refuses the [tls] table: TLS is configured as across the
// Prometheus ecosystem, in the web configuration file of exporter-toolkit,
// which also reloads certificates and offers client certificates and basic
// auth. The message gives the YAML that replaces the table, paths resolved.
func (c *checker) tlsMoved(f tlsFile, dir string) {
	key := "tls.cert_file"
	if !f.CertFile.Set {
		if !f.KeyFile.Set {
			return
		}
		key = "tls.key_file"
	}
	cert, _ := f.CertFile.Raw.(string)
	keyFile, _ := f.KeyFile.Raw.(string)
	c.Errorf(key, "the [tls] table is no longer read: remove it, start jalond with --web.config.file=web.yml "+
		"and write in web.yml (YAML, as for Prometheus): tls_server_config: {cert_file: %s, key_file: %s}",
		strconv.Quote(resolve(cert, dir)), strconv.Quote(resolve(keyFile, dir)))
}

// WebUser gives scopes to a user of the web configuration file's
// basic_auth_users: that file holds who may connect and their bcrypt
// hashes, this what each may do, with the scopes of tokens.
type WebUser struct {
	Name   string
	Scopes []Scope
}

type webUserFile struct {
	Name   value `toml:"name"`
	Scopes value `toml:"scopes"`
}

// webUsers reads the [[web_user]] tables: unique names, valid scopes.
func (c *checker) webUsers(fs []webUserFile) []WebUser {
	var out []WebUser
	names := map[string]string{}
	for i, f := range fs {
		p := fmt.Sprintf("web_user[%d]", i)
		u := WebUser{Name: c.Text(p+".name", f.Name), Scopes: c.scopes(p+".scopes", f.Scopes)}
		if first, dup := names[u.Name]; dup && u.Name != "" {
			c.Errorf(p+".name", "duplicate web user %q (first at line %d)", u.Name, c.Line(first))
		}
		names[u.Name] = p + ".name"
		out = append(out, u)
	}
	return out
}
