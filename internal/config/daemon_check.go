package config

import (
	"net"
	"path/filepath"
	"strconv"
	"time"
)

func (c *checker) listenAddress(path string, v value) string {
	addr := c.Str(path, v, DefaultListenAddress)
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		c.Errorf(path, "%q is not a host:port address", addr)
		return addr
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		c.Errorf(path, "%q has no valid port number", addr)
	}
	return addr
}

func (c *checker) evaluationInterval(path string, v value) time.Duration {
	d := c.Duration(path, v, DefaultEvaluationInterval)
	if d < MinEvaluationInterval {
		c.Errorf(path, "%q is shorter than the minimum, %s", v.Raw, MinEvaluationInterval)
		return DefaultEvaluationInterval
	}
	return d
}

// path reads a file or directory path, resolved against dir if relative;
// def, if not set, is returned as is.
func (c *checker) path(path string, v value, def, dir string) string {
	if !v.Set {
		return def
	}
	p := c.Str(path, v, "")
	if _, isStr := v.Raw.(string); !isStr {
		return def
	}
	if p == "" {
		c.Errorf(path, "must not be empty")
		return def
	}
	return resolve(p, dir)
}

func resolve(p, dir string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func (c *checker) timezone(path string, v value) *time.Location {
	name := c.Str(path, v, DefaultTimezone)
	if name == "" {
		if _, isStr := v.Raw.(string); isStr {
			c.Errorf(path, "must not be empty")
		}
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		c.Errorf(path, "unknown time zone %q", name)
		return nil
	}
	return loc
}
