package config

import "time"

// RemoteWrite is the [remote_write] table: new points are also sent, with
// their own timestamps, to a Prometheus remote-write receiver. The zero
// value (no table) turns it off; zero fields mean the remotewrite package's
// defaults.
type RemoteWrite struct {
	URL       string        // the receiver's endpoint; empty: remote write is off
	Timeout   time.Duration // bounds one request
	BatchSize int           // samples per request at most
	QueueSize int           // samples waiting at most; beyond, new ones are dropped
	// Headers are added to every request. Values may hold ${NAME} and
	// ${file:PATH} references, resolved when the sender starts; a header
	// carrying credentials must take them from one.
	Headers map[string]string
	// Username and Password, when set, authenticate with HTTP basic auth.
	Username string
	Password Secret
	// Pos locates the table in its file, for Daemon.Check, which reads the
	// secrets its headers refer to.
	Pos Pos `json:"-"`
}

// Enabled reports whether points are to be sent.
func (r RemoteWrite) Enabled() bool { return r.URL != "" }

type remoteWriteFile struct {
	URL          value `toml:"url"`
	Timeout      value `toml:"timeout"`
	BatchSize    value `toml:"batch_size"`
	QueueSize    value `toml:"queue_size"`
	Headers      value `toml:"headers"`
	Username     value `toml:"username"`
	Password     value `toml:"password"`
	PasswordFile value `toml:"password_file"`
}

// remoteWrite reads the [remote_write] table; dir resolves files.
func (c *checker) remoteWrite(f remoteWriteFile, dir string) RemoteWrite {
	const p = "remote_write"
	if !c.Written(p) && !f.URL.Set {
		return RemoteWrite{}
	}
	r := RemoteWrite{Timeout: c.Duration(p+".timeout", f.Timeout, 0), Pos: c.pos(p),
		Headers: c.pullerHeaders(p+".headers", f.Headers, dir), Username: c.Str(p+".username", f.Username, "")}
	if c.Required(p+".url", f.URL) {
		if s := c.Str(p+".url", f.URL, ""); c.httpURL(p+".url", s) {
			r.URL = s
		}
	}
	if f.BatchSize.Set {
		r.BatchSize, _ = c.Integer(p+".batch_size", f.BatchSize)
	}
	if f.QueueSize.Set {
		r.QueueSize, _ = c.Integer(p+".queue_size", f.QueueSize)
	}
	switch {
	case f.Password.Set && f.PasswordFile.Set:
		c.Errorf(p+".password_file", "give password or password_file, not both")
	case f.Password.Set:
		r.Password = c.envSecret(p+".password", f.Password)
	case f.PasswordFile.Set:
		r.Password = c.fileSecret(p+".password_file", f.PasswordFile, dir)
	}
	if (r.Username == "") != (r.Password == "") && !c.Reported(p+".password") && !c.Reported(p+".password_file") {
		c.Errorf(p+".username", "username and password (or password_file) go together")
	}
	return r
}
