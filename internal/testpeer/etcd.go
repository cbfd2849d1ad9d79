package testpeer

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// etcdModule is the module whose root package is etcd's server command.
// go.mod lists it as a tool, so that its go.sum entries are there and the
// binary builds from the module cache alone.
const etcdModule = "go.etcd.io/etcd/server/v3"

var (
	etcdOnce sync.Once
	etcdPath string
	etcdErr  error
)

// EtcdBinary returns the path of the etcd server binary of the version in
// go.mod, built on first use into the user's cache directory and kept
// there under its version: the etcd packaged by Debian is older than the
// client jalond speaks with, and a binary of the same version as the
// embedded members of the conformance suite tests the same server.
// It is built without the race detector, whatever the tests' mode:
// etcd's races are not ours to find, and a race build is several times
// slower to build and run. With -short no peer is started.
func EtcdBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs etcd: not with -short (make test runs it)")
	}
	etcdOnce.Do(func() { etcdPath, etcdErr = buildEtcd() })
	if etcdErr != nil {
		t.Fatal(etcdErr)
	}
	return etcdPath
}

func buildEtcd() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", etcdModule).Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s (run the tests inside the module): %v", etcdModule, err)
	}
	version := strings.TrimSpace(string(out))
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "jalon-testpeer")
	path := filepath.Join(dir, "etcd-"+version)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Test binaries of several packages may build at once: each builds
	// its own file and renames it into place, which is atomic.
	tmp, err := os.CreateTemp(dir, "etcd-build-")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.Command("go", "build", "-o", tmp.Name(), etcdModule)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build etcd %s: go build %s: %v\n%s", version, etcdModule, err, out)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return path, nil
}

// EtcdCluster is a cluster of etcd members on loopback, each a process of
// its own, so that a test can kill one as a crash would.
type EtcdCluster struct {
	t       testing.TB
	bin     string
	members []*etcdMember
	// Endpoints are the members' client URLs, http://127.0.0.1:PORT.
	Endpoints []string
}

type etcdMember struct {
	name, client string
	args         []string
	proc         *Process
}

// etcdReadyTimeout bounds how long a member may take to be healthy: to
// start, find a quorum and have a leader.
const etcdReadyTimeout = 60 * time.Second

// StartEtcd starts n etcd members with their data in t.TempDir() and
// returns once every one answers healthy. Members are stopped when the
// test ends.
func StartEtcd(t testing.TB, n int) *EtcdCluster {
	t.Helper()
	c := &EtcdCluster{t: t, bin: EtcdBinary(t)}
	var initial []string
	for i := range n {
		m := &etcdMember{name: fmt.Sprintf("m%d", i), client: "http://" + FreeAddr(t)}
		peer := "http://" + FreeAddr(t)
		m.args = []string{"--name=" + m.name, "--data-dir=" + filepath.Join(t.TempDir(), m.name),
			"--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
			"--listen-client-urls=" + m.client, "--advertise-client-urls=" + m.client,
			"--initial-cluster-token=jalon-test", "--initial-cluster-state=new", "--log-level=error"}
		initial = append(initial, m.name+"="+peer)
		c.members = append(c.members, m)
		c.Endpoints = append(c.Endpoints, m.client)
	}
	// Every member starts before any is waited for: each needs a quorum
	// of the others to become healthy.
	for _, m := range c.members {
		m.args = append(m.args, "--initial-cluster="+strings.Join(initial, ","))
		m.proc = Start(t, "etcd-"+m.name, c.bin, m.args...)
	}
	for i := range c.members {
		c.WaitHealthy(i)
	}
	return c
}

// Kill ends member i with SIGKILL and returns once it has exited.
func (c *EtcdCluster) Kill(i int) { c.members[i].proc.Kill() }

// Restart starts member i again on its data directory, after Kill, and
// waits until it is healthy: it rejoins the cluster it left.
func (c *EtcdCluster) Restart(i int) {
	c.t.Helper()
	m := c.members[i]
	m.proc.Kill()
	m.proc = Start(c.t, "etcd-"+m.name, c.bin, m.args...)
	c.WaitHealthy(i)
}

// WaitHealthy waits until member i answers its /health with 200, which
// etcd does once the member is part of a cluster that has a leader.
func (c *EtcdCluster) WaitHealthy(i int) {
	c.t.Helper()
	m := c.members[i]
	m.proc.WaitHTTP(c.t, m.client+"/health", etcdReadyTimeout)
}

// Healthy reports whether member i answers its /health with 200 now.
func (c *EtcdCluster) Healthy(i int) bool {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(c.members[i].client + "/health")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
