package config

import (
	"math"
	"net/url"
	"strings"
	"time"

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
	// LeaseTTL is the election lease's time to live: how long a dead
	// leader's term lasts. Zero means leader.DefaultTTL.
	LeaseTTL time.Duration
	// HighWater is the fraction of etcd's quota past which writes are
	// refused; zero means etcdstore's default.
	HighWater float64
	// QuotaBytes replaces the quota the members report (etcd before 3.6
	// reports none); zero means theirs.
	QuotaBytes int64
}

// Bounds of the etcd tuning keys, with why.
const (
	// etcd grants no lease shorter than its election timeout allows
	// (2 s with its default timing): a shorter TTL would be raised
	// silently.
	minLeaseTTL = 2 * time.Second
	// The TTL is how long pullers and notifications stop when a leader
	// dies: past a minute the handover is no longer a failover.
	maxLeaseTTL = time.Minute
	// Below half, most of the quota would never be used.
	minHighWater = 0.5
)

type storageFile struct {
	Backend      value `toml:"backend"`
	Endpoints    value `toml:"endpoints"`
	Prefix       value `toml:"prefix"`
	Username     value `toml:"username"`
	PasswordFile value `toml:"password_file"`
	CAFile       value `toml:"ca_file"`
	CertFile     value `toml:"cert_file"`
	KeyFile      value `toml:"key_file"`
	LeaseTTL     value `toml:"lease_ttl"`
	HighWater    value `toml:"quota_high_water"`
	QuotaBytes   value `toml:"quota_bytes"`
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
		"password_file": f.PasswordFile, "ca_file": f.CAFile, "cert_file": f.CertFile, "key_file": f.KeyFile,
		"lease_ttl": f.LeaseTTL, "quota_high_water": f.HighWater, "quota_bytes": f.QuotaBytes} {
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
	e.LeaseTTL = c.leaseTTL(p+".lease_ttl", f.LeaseTTL)
	e.HighWater = c.highWater(p+".quota_high_water", f.HighWater)
	e.QuotaBytes = c.quotaBytes(p+".quota_bytes", f.QuotaBytes)
	return e
}

// leaseTTL reads the election lease's TTL: whole seconds, as etcd grants
// leases, within [minLeaseTTL, maxLeaseTTL].
func (c *checker) leaseTTL(path string, v value) time.Duration {
	d := c.Duration(path, v, 0)
	switch {
	case d == 0:
		return 0
	case d%time.Second != 0:
		c.Errorf(path, "%s is not whole seconds: etcd grants leases by the second", d)
	case d < minLeaseTTL || d > maxLeaseTTL:
		c.Errorf(path, "%s is out of range: between %q (etcd's shortest lease) and %q (the longest pause of pullers and notifications worth calling a failover)",
			d, minLeaseTTL.String(), maxLeaseTTL.String())
	default:
		return d
	}
	return 0
}

// highWater reads the fraction of the quota past which writes are refused.
func (c *checker) highWater(path string, v value) float64 {
	if !v.Set {
		return 0
	}
	f, ok := c.Number(path, v)
	if ok && (f < minHighWater || f > 1) {
		c.Errorf(path, "%v is out of range: a fraction of the quota between %v and 1, e.g. 0.9", f, minHighWater)
		return 0
	}
	return f
}

// quotaBytes reads the quota in bytes, as etcd's --quota-backend-bytes.
func (c *checker) quotaBytes(path string, v value) int64 {
	if !v.Set {
		return 0
	}
	n, ok := v.Raw.(int64)
	switch {
	case !ok:
		c.TypeErrorf(path, "must be an integer number of bytes, as etcd's --quota-backend-bytes (e.g. 8589934592 for 8 GiB), not %s", tomlcheck.TypeName(v.Raw))
	case n <= 0 || n > math.MaxInt64/2:
		c.Errorf(path, "must be a positive number of bytes, as etcd's --quota-backend-bytes, not %d", n)
	default:
		return n
	}
	return 0
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
