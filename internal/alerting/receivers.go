package alerting

import (
	"cmp"
	"fmt"
	"net/url"

	"github.com/jalonhq/jalon/internal/config"
)

// receivers builds one receiver per Alertmanager URL (each Alertmanager is
// sent every alert, as Prometheus does: their cluster deduplicates) and one
// per webhook. An Alertmanager notifier with several URLs names its
// receivers "<name>@<host>".
func (m *Manager) receivers() ([]*receiver, error) {
	var out []*receiver
	seen := map[string]bool{}
	for _, n := range m.opts.Notifiers {
		timeout := cmp.Or(n.Timeout, DefaultNotifierTimeout)
		for _, u := range n.URLs {
			name := n.Name
			var r *receiver
			switch n.Type {
			case config.NotifierAlertmanager:
				if len(n.URLs) > 1 {
					pu, err := url.Parse(u)
					if err != nil {
						return nil, fmt.Errorf("notifier %s: %w", n.Name, err)
					}
					name += "@" + pu.Host
				}
				r = newReceiver(name, &alertmanager{url: u + "/api/v2/alerts", client: m.opts.HTTPClient, timeout: timeout,
					validFor: m.validFor, now: m.opts.Now}, true)
			case config.NotifierWebhook:
				r = newReceiver(name, &webhook{name: name, url: u, secret: []byte(n.Secret), client: m.opts.HTTPClient,
					timeout: timeout, externalURL: m.opts.Config.ExternalURL}, false)
			default:
				return nil, fmt.Errorf("notifier %s: unknown type %q", n.Name, n.Type)
			}
			if seen[name] {
				return nil, fmt.Errorf("notifier %s: receiver name %s used twice", n.Name, name)
			}
			seen[name] = true
			out = append(out, r)
		}
	}
	return out, nil
}
