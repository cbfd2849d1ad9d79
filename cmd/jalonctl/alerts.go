package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	apiclient "github.com/jalonhq/jalon/client"
	"github.com/jalonhq/jalon/wire"

	"github.com/jalonhq/jalon/internal/alerting/rulename"
)

func alertsCommand() command {
	return command{name: "alerts", short: "list the alerts and their states", args: "[--state pending,firing,resolved] [--alertname NAME] [--format table|json]",
		summary: "List jalond's alerts: state, name, severity, objective, indicator, since when, summary.",
		run:     alertsList}
}

func alertsList(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient, zone := clientFlags(e, fs), zoneFlag(e, fs)
	state := fs.String("state", "", "show only these states, comma separated (pending, firing, resolved, settled)")
	alertname := fs.String("alertname", "", "show only the alerts of this rule")
	format := fs.String("format", "table", "output `format`: table or json")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(fs, "unexpected arguments %q", fs.Args())
	}
	if err := choice(fs, "format", "format", *format, "table", "json"); err != nil {
		return err
	}
	if _, err := choices(fs, "state", "state", *state, "pending", "firing", "resolved", "settled"); err != nil {
		return err
	}
	if *alertname != "" {
		if err := choice(fs, "alertname", "rule", *alertname, rulename.All()...); err != nil {
			return err
		}
	}
	z, err := zone()
	if err != nil {
		return err
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	v, err := c.api.Alerts(ctx, apiclient.AlertQuery{States: *state, AlertName: *alertname})
	if err != nil {
		return c.explain(err)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return printAlerts(e.stdout, &v, z)
}

// alertColumn reports whether the table shows label name in its own column.
func alertColumn(name string) bool {
	switch name {
	case "alertname", "severity", "objective", "indicator", "axis", "owner":
		return true
	}
	return false
}

func printAlerts(w io.Writer, v *wire.Alerts, z displayZone) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tALERTNAME\tSEVERITY\tOBJECTIVE\tINDICATOR\tLABELS\tSINCE\tSUMMARY")
	for _, a := range v.Alerts {
		since := a.ActiveAt
		switch {
		case a.ResolvedAt != nil:
			since = *a.ResolvedAt
		case a.FiredAt != nil:
			since = *a.FiredAt
		}
		var other []string
		for k, val := range a.Labels {
			if !alertColumn(k) {
				other = append(other, k+"="+val)
			}
		}
		sort.Strings(other)
		labels := strings.Join(other, ",")
		if labels == "" {
			labels = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.State, a.Labels["alertname"], a.Labels["severity"],
			orDash(a.Labels["objective"]), orDash(a.Labels["indicator"]), labels, z.stamp(since), a.Annotations["summary"])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d alerts. %s\n", len(v.Alerts), z.footer())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
