package testpeer

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// WebhookConfig returns an Alertmanager configuration that sends every
// alert, in a group of its own, to the webhook at url once (no repeat
// within the hour), and its resolution: a receiver behind it counts
// notifications per alert.
func WebhookConfig(url string) string {
	return fmt.Sprintf(`route:
  receiver: hook
  group_by: ['...']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: %q
        send_resolved: true
`, url)
}

// StartAlertmanagerPair runs two Alertmanagers with configYAML in one
// gossip cluster on loopback, as a highly available pair is deployed: a
// notification is sent by the first of them, the second sending it only if
// the first has not within the peer timeout (15 s). It returns their base
// URLs, http://127.0.0.1:PORT, once both are ready and see each other.
func StartAlertmanagerPair(t testing.TB, configYAML string) []string {
	t.Helper()
	bin := Binary(t, "prometheus-alertmanager", "alertmanager")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "alertmanager.yml")
	if err := os.WriteFile(cfg, []byte(configYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	web := []string{FreeAddr(t), FreeAddr(t)}
	gossip := []string{FreeAddr(t), FreeAddr(t)}
	var procs []*Process
	for i := range 2 {
		// The advertise address is given: Alertmanager refuses to guess
		// one from a loopback listen address.
		procs = append(procs, Start(t, fmt.Sprintf("alertmanager-%d", i), bin, "--config.file="+cfg,
			"--storage.path="+filepath.Join(dir, fmt.Sprintf("data-%d", i)), "--web.listen-address="+web[i],
			"--cluster.listen-address="+gossip[i], "--cluster.advertise-address="+gossip[i],
			"--cluster.peer="+gossip[1-i], "--cluster.gossip-interval=100ms", "--cluster.pushpull-interval=5s"))
	}
	var bases []string
	for i, p := range procs {
		base := "http://" + web[i]
		p.WaitHTTP(t, base+"/-/ready", 60*time.Second)
		bases = append(bases, base)
	}
	for _, base := range bases {
		Eventually(t, 60*time.Second, base+" sees both members of the cluster, settled", func() bool {
			peers, status := amCluster(base)
			return peers == 2 && status == "ready"
		})
	}
	return bases
}

// amCluster returns how many peers Alertmanager at base sees and the
// status of its cluster ("settling", "ready").
func amCluster(base string) (int, string) {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(base + "/api/v2/status")
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	var s struct {
		Cluster struct {
			Status string            `json:"status"`
			Peers  []json.RawMessage `json:"peers"`
		} `json:"cluster"`
	}
	if json.NewDecoder(resp.Body).Decode(&s) != nil {
		return 0, ""
	}
	return len(s.Cluster.Peers), s.Cluster.Status
}
