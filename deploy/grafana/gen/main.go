// Command gen writes Jalon's Grafana dashboards as JSON, built with the
// Grafana Foundation SDK rather than edited by hand:
//
//	go run ./deploy/grafana/gen -out deploy/grafana/dashboards
//
// Each dashboard is written to <uid>.json; the uids are stable, so that links
// and provisioning survive regeneration. It is the only package of Jalon that
// imports the SDK.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "deploy/grafana/dashboards", "directory to write the dashboards to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files, err := render()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", *out, err)
	}
	for _, f := range files {
		p := filepath.Join(*out, f.name)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}

// file is one rendered dashboard.
type file struct {
	name string
	data []byte
}

// render builds every dashboard and encodes it as indented JSON.
func render() ([]file, error) {
	var out []file
	for _, b := range []*dashboard.DashboardBuilder{roadmap(), indicator(), health()} {
		d, err := b.Build()
		if err != nil {
			return nil, fmt.Errorf("build dashboard: %w", err)
		}
		numberPanels(&d)
		showControls(&d)
		data, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("encode dashboard %s: %w", *d.Uid, err)
		}
		out = append(out, file{name: *d.Uid + ".json", data: append(data, '\n')})
	}
	return out, nil
}

// numberPanels gives every panel and row an id in layout order: Grafana
// needs them for panel links and "view panel", and fixed ids keep the JSON
// stable from one generation to the next.
func numberPanels(d *dashboard.Dashboard) {
	id := uint32(0)
	for _, p := range d.Panels {
		id++
		switch {
		case p.Panel != nil:
			p.Panel.Id = ptr(id)
		case p.RowPanel != nil:
			p.RowPanel.Id = id
		}
	}
}

// showControls puts the dashboard links and annotation toggles in their
// usual place above the panels: the SDK defaults them to the controls menu,
// which only recent Grafana versions have.
func showControls(d *dashboard.Dashboard) {
	for i := range d.Links {
		d.Links[i].Placement = nil
	}
	for i := range d.Annotations.List {
		d.Annotations.List[i].Placement = nil
	}
}
