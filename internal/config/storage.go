package config

import (
	"net/url"
	"strings"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// The storage backends jalond can open.
const (
	BackendBolt = "bolt" // one bbolt file under storage_path; the default
	BackendEtcd = "etcd" // the record in an etcd cluster shared by replicas
)

// DefaultEtcdPrefix starts every key of a deployment that names none.
const DefaultEtcdPrefix = "jalon/"

// Storage is the [storage] table: which backend holds the record. With
// etcd, storage_path holds only the local copy a replica rebuilds.
type Storage struct {
	Backend string // BackendBolt or BackendEtcd
	Etcd    Etcd   // set when Backend is BackendEtcd
}

// Etcd is how jalond reaches its etcd cluster.
type Etcd struct {
	Endpoints []string // client URLs of the members
	// Prefix starts every key, so that several deployments share a
	// cluster.
	Prefix   string
	Username string
	Password Secret
	// CAFile verifies the members' certificates (the system's roots when
	// empty); CertFile and KeyFile, together, authenticate jalond.
	CAFile, CertFile, KeyFile string
}

type storageFile struct {
	Backend      value `toml:"backend"`
	Endpoints    value `toml:"endpoints"`
	Prefix       value `toml:"prefix"`
	Username     value `toml:"username"`
	PasswordFile value `toml:"password_file"`
	CAFile       value `toml:"ca_file"`
	CertFile     value `toml:"cert_file"`
	KeyFile      value `toml:"key_file"`
}

// storage reads the [storage] table; dir resolves files.
func (c *checker) storage(f storageFile, dir string) Storage {
	const p = "storage"
	s := Storage{Backend: c.Str(p+".backend", f.Backend, BackendBolt)}
	switch s.Backend {
	case BackendEtcd:
		s.Etcd = c.etcd(f, dir)
	case BackendBolt:
		c.boltOnly(f)
	default:
		c.Errorf(p+".backend", "unknown backend %q: want %q (one file, the default) or %q", s.Backend, BackendBolt, BackendEtcd)
	}
	return s
}

// boltOnly refuses the etcd keys with the bbolt backend: they would be
// silently ignored, and the deployment not the one its operator wrote.
func (c *checker) boltOnly(f storageFile) {
	for key, v := range map[string]value{"endpoints": f.Endpoints, "prefix": f.Prefix, "username": f.Username,
		"password_file": f.PasswordFile, "ca_file": f.CAFile, "cert_file": f.CertFile, "key_file": f.KeyFile} {
		if v.Set {
			c.Errorf("storage."+key, "only with backend = %q", BackendEtcd)
		}
	}
}

func (c *checker) etcd(f storageFile, dir string) Etcd {
	const p = "storage"
	e := Etcd{Endpoints: c.etcdEndpoints(p+".endpoints", f.Endpoints), Prefix: c.Str(p+".prefix", f.Prefix, DefaultEtcdPrefix),
		Username: c.Str(p+".username", f.Username, "")}
	if e.Prefix == "" {
		c.Errorf(p+".prefix", "must not be empty: name the deployment, e.g. %q", DefaultEtcdPrefix)
	}
	if f.PasswordFile.Set {
		e.Password = c.fileSecret(p+".password_file", f.PasswordFile, dir)
	}
	if (e.Username == "") != (e.Password == "") && !c.Reported(p+".password_file") {
		c.Errorf(p+".username", "username and password_file go together")
	}
	e.CAFile = c.etcdPEM(p+".ca_file", f.CAFile, "CERTIFICATE", p+".key_file", dir)
	e.CertFile = c.etcdPEM(p+".cert_file", f.CertFile, "CERTIFICATE", p+".key_file", dir)
	e.KeyFile = c.etcdPEM(p+".key_file", f.KeyFile, "PRIVATE KEY", p+".cert_file", dir)
	if (e.CertFile == "") != (e.KeyFile == "") && !c.Reported(p+".cert_file") && !c.Reported(p+".key_file") {
		c.Errorf(p+".cert_file", "cert_file and key_file go together")
	}
	return e
}

// etcdEndpoints reads the members' URLs: at least one, each http:// or
// https:// with a host and nothing after it, as the etcd client dials them.
func (c *checker) etcdEndpoints(path string, v value) []string {
	if !c.Required(path, v) {
		return nil
	}
	eps := c.Strings(path, v)
	if v.Set && len(eps) == 0 && !c.Reported(path) {
		c.Errorf(path, "must list at least one member, e.g. [\"http://127.0.0.1:2379\"]")
	}
	for i, ep := range eps {
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
			c.Errorf(tomlcheck.Elem(path, i), "%q is not a member's client URL: want http://host:port or https://host:port", ep)
		}
	}
	return eps
}

// etcdPEM reads an optional PEM file of the etcd client, checked as the
// client loads it; other is the key named if the two look swapped.
func (c *checker) etcdPEM(path string, v value, want, other, dir string) string {
	p := c.path(path, v, "", dir)
	if p == "" {
		return ""
	}
	if _, ok := c.pemFile(path, p, want, other); !ok {
		return ""
	}
	return p
}
