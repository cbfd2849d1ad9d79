package config

import (
	"net"
	"path/filepath"
	"strconv"
	"time"
)

func (c *checker) listenAddress(path string, v value) string {
	addr := c.str(path, v, DefaultListenAddress)
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		c.errorf(path, "%q is not a host:port address", addr)
		return addr
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		c.errorf(path, "%q has no valid port number", addr)
	}
	return addr
}

func (c *checker) evaluationInterval(path string, v value) time.Duration {
	d := c.duration(path, v, DefaultEvaluationInterval)
	if d < MinEvaluationInterval {
		c.errorf(path, "%q is shorter than the minimum, %s", v.raw, MinEvaluationInterval)
		return DefaultEvaluationInterval
	}
	return d
}

// path reads a file or directory path, resolved against dir if relative;
// def, if not set, is returned as is.
func (c *checker) path(path string, v value, def, dir string) string {
	if !v.set {
		return def
	}
	p := c.str(path, v, "")
	if _, isStr := v.raw.(string); !isStr {
		return def
	}
	if p == "" {
		c.errorf(path, "must not be empty")
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
	name := c.str(path, v, DefaultTimezone)
	if name == "" {
		if _, isStr := v.raw.(string); isStr {
			c.errorf(path, "must not be empty")
		}
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		c.errorf(path, "unknown time zone %q", name)
		return nil
	}
	return loc
}
