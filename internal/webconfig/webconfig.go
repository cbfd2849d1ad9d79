// Package webconfig reads jalond's --web.config.file, the web configuration
// file of the Prometheus ecosystem (github.com/prometheus/exporter-toolkit):
// TLS, HTTP headers and the bcrypt hashes of basic-auth users.
//
// The toolkit's own handler is not used: it asks every request for basic
// auth once a user is configured, which would shut out the bearer tokens of
// machines and the login sessions of the pages. jalond instead checks a
// basic-auth password beside those, in its authenticator, through Check.
package webconfig

import (
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/prometheus/exporter-toolkit/web"
	"go.yaml.in/yaml/v2"
	"golang.org/x/crypto/bcrypt"
)

// Config is a checked web configuration file; the zero Config, for no
// file, serves plain HTTP without basic-auth users.
type Config struct {
	path string
	file web.Config

	mu     sync.Mutex
	passed map[[sha256.Size]byte]bool // bcrypt results, as the toolkit caches them
}

// Load reads and checks the file at path as the toolkit does (YAML keys,
// bcrypt hashes, certificate and key); "" gives the zero Config.
func Load(path string) (*Config, error) {
	if path == "" {
		return &Config{}, nil
	}
	if err := web.Validate(path); err != nil {
		return nil, fmt.Errorf("--web.config.file %s: %w", path, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--web.config.file: %w", err)
	}
	c := &Config{path: path, passed: map[[sha256.Size]byte]bool{}}
	// The toolkit's defaults, which its Config does not carry.
	c.file.HTTPConfig.HTTP2 = true
	c.file.TLSConfig.MinVersion, c.file.TLSConfig.MaxVersion = tls.VersionTLS12, tls.VersionTLS13
	if err := yaml.UnmarshalStrict(data, &c.file); err != nil {
		return nil, fmt.Errorf("--web.config.file %s: %w", path, err)
	}
	if c.file.RateLimiterConfig.Interval != 0 {
		return nil, fmt.Errorf("--web.config.file %s: rate_limit: jalond does not apply it; remove it and bound requests with --web.max-connections", path)
	}
	c.file.TLSConfig.SetDirectory(filepath.Dir(path))
	return c, nil
}

// TLS reports whether the server serves HTTPS.
func (c *Config) TLS() bool { return c.path != "" && c.file.TLSConfig.IsEnabled() }

// Users reports whether the file names basic-auth users.
func (c *Config) Users() bool { return len(c.file.Users) > 0 }

// ServerTLS returns the server's TLS configuration. As with the toolkit,
// the file is read again for each new connection, so that a renewed
// certificate is served without a restart.
func (c *Config) ServerTLS() (*tls.Config, error) {
	cfg, err := web.ConfigToTLSConfig(&c.file.TLSConfig)
	if err != nil {
		return nil, fmt.Errorf("--web.config.file %s: %w", c.path, err)
	}
	cfg.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		fresh, err := Load(c.path)
		if err != nil {
			return nil, err
		}
		next, err := web.ConfigToTLSConfig(&fresh.file.TLSConfig)
		if err != nil {
			return nil, err
		}
		next.NextProtos = c.protocols()
		return next, nil
	}
	cfg.NextProtos = c.protocols()
	return cfg, nil
}

func (c *Config) protocols() []string {
	if c.file.HTTPConfig.HTTP2 {
		return []string{"h2", "http/1.1"}
	}
	return []string{"http/1.1"}
}

// Headers wraps h to set the headers of http_server_config.headers.
func (c *Config) Headers(h http.Handler) http.Handler {
	if len(c.file.HTTPConfig.Header) == 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range c.file.HTTPConfig.Header {
			w.Header().Set(k, v)
		}
		h.ServeHTTP(w, r)
	})
}

// unknownHash is the bcrypt hash of a password nobody has, compared for an
// unknown user so that the time taken does not tell which users exist.
const unknownHash = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"

// Check reports whether password is user's. bcrypt is slow by design: a
// result is kept, keyed by a hash of the three, so that a client sending
// the same credentials on every request pays once.
func (c *Config) Check(user, password string) bool {
	hash, known := c.file.Users[user]
	if !known {
		hash = unknownHash
	}
	key := sha256.Sum256([]byte(fmt.Sprintf("%q %q %q", user, hash, password)))
	c.mu.Lock()
	defer c.mu.Unlock()
	ok, seen := c.passed[key]
	if !seen {
		ok = bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil && known
		if len(c.passed) > 1000 {
			clear(c.passed)
		}
		c.passed[key] = ok
	}
	return ok
}
