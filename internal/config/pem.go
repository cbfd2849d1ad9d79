package config

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"
)

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

// readRegular reads the regular file at p.
func readRegular(p string) ([]byte, error) {
	if err := openable(p); err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}
