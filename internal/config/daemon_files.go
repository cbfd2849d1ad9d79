package config

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// The files the daemon configuration names are checked when it is read, so
// that jalond refuses a missing catalog or certificate before it opens its
// store or listens, and jalonctl config check refuses it too.

// catalogFiles reads catalog_files: each a file that can be opened,
// reported at its place in the list if not.
func (c *checker) catalogFiles(path string, v value, dir string) []string {
	c.Strings(path, v)
	arr, _ := v.Raw.([]any)
	var out []string
	for i, e := range arr {
		p, isStr := e.(string)
		switch {
		case !isStr:
			continue
		case p == "":
			c.Errorf(tomlcheck.Elem(path, i), "must not be empty")
			continue
		}
		p = resolve(p, dir)
		if err := openable(p); err != nil {
			c.Errorf(tomlcheck.Elem(path, i), "%v", err)
		}
		out = append(out, p)
	}
	return out
}

// openable reports why the regular file at p cannot be opened for reading,
// if it cannot. A directory or a device is refused before it is opened: a
// named pipe would block the open.
func openable(p string) error {
	if info, err := os.Stat(p); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	return f.Close()
}

// readRegular reads the regular file at p.
func readRegular(p string) ([]byte, error) {
	if err := openable(p); err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// tls reads the [tls] table: both files or neither, and then a certificate
// and a key the server can start with.
func (c *checker) tls(f tlsFile, dir string) TLS {
	t := TLS{CertFile: c.path("tls.cert_file", f.CertFile, "", dir), KeyFile: c.path("tls.key_file", f.KeyFile, "", dir)}
	switch {
	case t.CertFile != "" && !f.KeyFile.Set:
		c.Errorf("tls.key_file", "required with tls.cert_file")
	case t.KeyFile != "" && !f.CertFile.Set:
		c.Errorf("tls.cert_file", "required with tls.key_file")
	case t.CertFile != "" && t.KeyFile != "":
		c.keyPair(t)
	}
	return t
}

// keyPair checks the certificate and key files as the server loads them
// (tls.LoadX509KeyPair), naming the file at fault and the key that names it.
func (c *checker) keyPair(t TLS) {
	certPEM, certOK := c.pemFile("tls.cert_file", t.CertFile, "CERTIFICATE", "tls.key_file")
	keyPEM, keyOK := c.pemFile("tls.key_file", t.KeyFile, "PRIVATE KEY", "tls.cert_file")
	if !certOK || !keyOK {
		return
	}
	if _, err := tls.X509KeyPair(certPEM, keyPEM); err != nil {
		c.Errorf("tls.key_file", "%s does not go with the certificate of tls.cert_file: %s", t.KeyFile, strings.TrimPrefix(err.Error(), "tls: "))
	}
}

// pemFile reads the PEM file at p and checks that it holds blocks of the
// type want ("CERTIFICATE", or any "… PRIVATE KEY"), each of which parses.
// other is the key of the other file of the pair, named when the two look
// swapped.
func (c *checker) pemFile(path, p, want, other string) ([]byte, bool) {
	data, err := readRegular(p)
	if err != nil {
		c.Errorf(path, "%v", err)
		return nil, false
	}
	found, wrong := 0, ""
	for rest := data; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		if !pemType(block.Type, want) {
			wrong = block.Type
			continue
		}
		found++
		if err := parsePEM(block); err != nil {
			c.Errorf(path, "%s: %s block %d: %v", p, block.Type, found, err)
			return nil, false
		}
	}
	switch {
	case found > 0:
		return data, true
	case wrong != "":
		c.Errorf(path, "%s holds no %s block, only %s: are %s and %s swapped?", p, want, wrong, path, other)
	default:
		c.Errorf(path, "%s holds no PEM data: want a %s block (-----BEGIN %s-----)", p, want, want)
	}
	return nil, false
}

// pemType reports whether a block of type typ is one of want, as the
// server reads them.
func pemType(typ, want string) bool {
	return typ == want || want == "PRIVATE KEY" && strings.HasSuffix(typ, " PRIVATE KEY")
}

// parsePEM parses a certificate or a private key, in the forms the server
// accepts.
func parsePEM(b *pem.Block) error {
	if b.Type == "CERTIFICATE" {
		_, err := x509.ParseCertificate(b.Bytes)
		return err
	}
	if _, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
		return nil
	}
	if _, err := x509.ParseECPrivateKey(b.Bytes); err == nil {
		return nil
	}
	if _, err := x509.ParsePKCS8PrivateKey(b.Bytes); err != nil {
		return fmt.Errorf("not an unencrypted PKCS #1, PKCS #8 or EC private key")
	}
	return nil
}
