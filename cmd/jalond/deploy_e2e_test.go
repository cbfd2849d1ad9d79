package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// TestDeployUnitsE2E runs the deployment of deploy/systemd on loopback:
// three etcd members started with the settings of etcd-1.env … etcd-3.env
// (TLS both ways, a client certificate required), the role and user of
// docs/operations.md that reach only the deployment's prefix, and jalond
// from jalond-etcd.toml, known to etcd by its certificate's common name.
// It checks what the page says of them: jalond writes and reads its
// prefix; another prefix is refused at start, naming the refusal; the role
// may not compact etcd's history.
func TestDeployUnitsE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts three etcd members and jalond")
	}
	dir := t.TempDir()
	pki := filepath.Join(dir, "pki")
	writeDeployPKI(t, pki)
	type member struct{ client, peer, metrics string }
	var ms [3]member
	for i := range ms {
		ms[i] = member{testpeer.FreeAddr(t), testpeer.FreeAddr(t), testpeer.FreeAddr(t)}
	}
	pairs := []string{"/var/lib/etcd/", dir + "/etcd-data/", "/etc/etcd/pki/", pki + "/"}
	for i, m := range ms {
		pairs = append(pairs, fmt.Sprintf("https://etcd-%d:2379", i+1), "https://"+m.client,
			fmt.Sprintf("https://etcd-%d:2380", i+1), "https://"+m.peer)
	}
	bin := testpeer.EtcdBinary(t)
	var procs []*testpeer.Process
	for i, m := range ms {
		own := strings.NewReplacer(append([]string{"https://0.0.0.0:2379", "https://" + m.client,
			"https://0.0.0.0:2380", "https://" + m.peer, "http://0.0.0.0:2381", "http://" + m.metrics}, pairs...)...)
		env := readDeployFile(t, fmt.Sprintf("etcd-%d.env", i+1), own)
		procs = append(procs, testpeer.Start(t, fmt.Sprintf("etcd-%d", i+1), bin, envFlags(t, env)...))
	}
	endpoints := make([]string, len(ms))
	for i, m := range ms {
		endpoints[i] = "https://" + m.client
	}
	root := deployClient(t, pki, "root", endpoints)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	for _, ep := range endpoints {
		if err := testpeer.Poll(60*time.Second, func() (bool, error) {
			for i, p := range procs {
				select {
				case <-p.Exited():
					return false, fmt.Errorf("etcd-%d exited: %s", i+1, tail(p.Log(), 5))
				default:
				}
			}
			_, err := root.Status(ctx, ep)
			return err == nil, nil
		}); err != nil {
			t.Fatalf("etcd member %s never answered: %v", ep, err)
		}
	}
	// docs/operations.md, "TLS and auth for etcd", in the client's words.
	const prefix = "jalon/prod/"
	noPassword := &clientv3.UserAddOptions{NoPassword: true}
	steps := []func() error{
		func() error { _, err := root.UserAddWithOptions(ctx, "root", "", noPassword); return err },
		func() error { _, err := root.UserGrantRole(ctx, "root", "root"); return err },
		func() error { _, err := root.RoleAdd(ctx, "jalon"); return err },
		func() error {
			_, err := root.RoleGrantPermission(ctx, "jalon", prefix, clientv3.GetPrefixRangeEnd(prefix), clientv3.PermissionType(clientv3.PermReadWrite))
			return err
		},
		func() error { _, err := root.UserAddWithOptions(ctx, "jalon", "", noPassword); return err },
		func() error { _, err := root.UserGrantRole(ctx, "jalon", "jalon"); return err },
		func() error { _, err := root.AuthEnable(ctx); return err },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("auth step %d: %v", i+1, err)
		}
	}

	jalonDir := filepath.Join(dir, "jalon")
	for _, f := range [][2]string{{"ca.crt", "ca.crt"}, {"jalon.crt", "client.crt"}, {"jalon.key", "client.key"}} {
		copyFile(t, filepath.Join(pki, f[0]), filepath.Join(jalonDir, f[1]))
	}
	tomlPairs := []string{"/etc/jalon/etcd/", jalonDir + "/", "/var/lib/jalon", filepath.Join(dir, "unused")}
	for i, ep := range endpoints {
		tomlPairs = append(tomlPairs, fmt.Sprintf("https://etcd-%d:2379", i+1), ep)
	}
	cfg := readDeployFile(t, "jalond-etcd.toml", strings.NewReplacer(tomlPairs...))
	cfgPath := filepath.Join(dir, "jalon.toml")
	writeFile(t, cfgPath, cfg)

	d := startDaemon(t, t.TempDir(), "--config.file="+cfgPath)
	p := point{Indicator: documentsFed, Time: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), Value: 4321}
	if code, body, err := d.push(t.Context(), "", p); err != nil || code != http.StatusOK {
		t.Fatalf("push to jalond on the deployed cluster = %d %s, %v", code, body, err)
	}
	checkAllStored(t, d.stored(t, "", documentsFed), []point{p})
	if resp, err := root.Get(ctx, prefix, clientv3.WithPrefix(), clientv3.WithCountOnly()); err != nil || resp.Count == 0 {
		t.Errorf("keys under %s = %v, %v; want jalond's log there", prefix, resp, err)
	}

	// The role reaches its prefix only: jalond on another stops at start.
	otherPath := filepath.Join(dir, "other.toml")
	writeFile(t, otherPath, strings.Replace(cfg, `prefix = "jalon/prod/"`, `prefix = "jalon/other/"`, 1))
	other := launchDaemon(t, t.TempDir(), "--config.file="+otherPath)
	code, err := other.wait(30 * time.Second)
	if err != nil || code != 1 || !strings.Contains(other.stderr.String(), `open the record under prefix "jalon/other/"`) ||
		!strings.Contains(other.stderr.String(), "permission denied") {
		t.Errorf("jalond on a prefix outside its role = exit %d (%v), stderr:\n%s\nwant exit 1 naming the prefix and etcd's permission denied", code, err, other.stderr)
	}

	// What the role may not do is the operator's: compacting the history
	// (hence ETCD_AUTO_COMPACTION_* in the .env files).
	jalon := deployClient(t, pki, "jalon", endpoints)
	status, err := root.Status(ctx, endpoints[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jalon.Compact(ctx, status.Header.Revision); !errors.Is(err, rpctypes.ErrPermissionDenied) {
		t.Errorf("compaction as the jalon role = %v, want %v", err, rpctypes.ErrPermissionDenied)
	}
	if _, err := root.Compact(ctx, status.Header.Revision); err != nil {
		t.Errorf("compaction as root = %v", err)
	}
	d.stop(t)
}

// readDeployFile reads deploy/systemd/name with r's replacements, and
// fails if a host or path of the deployment is left: the file names one
// this test does not put on loopback.
func readDeployFile(t *testing.T, name string, r *strings.Replacer) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../deploy/systemd", name))
	if err != nil {
		t.Fatal(err)
	}
	s := r.Replace(string(data))
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, left := range []string{"etcd-1:", "etcd-2:", "etcd-3:", "0.0.0.0", "/etc/", "/var/lib/"} {
			if strings.Contains(line, left) {
				t.Fatalf("deploy/systemd/%s: %q names %s, which this test does not rewrite: teach it", name, line, left)
			}
		}
	}
	return s
}

// envFlags turns the ETCD_* variables of an environment file into the
// flags etcd reads them for (ETCD_LISTEN_CLIENT_URLS: --listen-client-urls).
// As flags, a misspelt name stops etcd, where a variable would be ignored
// with a warning.
func envFlags(t *testing.T, env string) []string {
	t.Helper()
	var flags []string
	for _, line := range strings.Split(env, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok || !strings.HasPrefix(name, "ETCD_") {
			t.Fatalf("environment file line %q: want ETCD_NAME=value", line)
		}
		flag := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(name, "ETCD_")), "_", "-")
		flags = append(flags, "--"+flag+"="+value)
	}
	return append(flags, "--log-level=error")
}

// deployClient is an etcd client authenticated by the certificate of user.
func deployClient(t *testing.T, pki, user string, endpoints []string) *clientv3.Client {
	t.Helper()
	pair, err := tls.LoadX509KeyPair(filepath.Join(pki, user+".crt"), filepath.Join(pki, user+".key"))
	if err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile(filepath.Join(pki, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 10 * time.Second, Logger: zap.NewNop(),
		TLS: &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots, Certificates: []tls.Certificate{pair}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli
}

// writeDeployPKI writes the certificates of docs/operations.md: a CA; for
// each member one for 127.0.0.1, server and client of its peers; jalon's
// and root's, clients named by their common name.
func writeDeployPKI(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jalon-etcd-ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "ca.crt"), string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})))
	serial := int64(2)
	leaf := func(name string, usage ...x509.ExtKeyUsage) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
			ExtKeyUsage: usage, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
		serial++
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name+".crt"), string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
		writeFile(t, filepath.Join(dir, name+".key"), string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})))
	}
	for i := 1; i <= 3; i++ {
		leaf(fmt.Sprintf("etcd-%d", i), x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth)
	}
	leaf("jalon", x509.ExtKeyUsageClientAuth)
	leaf("root", x509.ExtKeyUsageClientAuth)
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}
