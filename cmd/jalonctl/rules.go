package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func rulesCommand() command {
	return command{name: "rules", summary: "write Prometheus rules equivalent to the built-in alerts", sub: []command{
		{name: "generate", short: "write a Prometheus rule file of the built-in alerts", args: "[--config.file FILE] [-o FILE]", run: rulesGenerate,
			summary: "Write a Prometheus rule file equivalent to Jalon's built-in alerting rules over the\n" +
				"jalon_ metrics, for a team that alerts from its own Prometheus. With --config.file,\n" +
				"the [alerting] settings and overrides of that daemon configuration apply."},
	}}
}

func rulesGenerate(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	configFile := fs.String("config.file", "", "daemon configuration `FILE` whose [alerting] table and catalogs apply")
	output := fs.String("o", "", "write to `FILE` instead of standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(fs, "unexpected arguments %q", fs.Args())
	}
	d, err := config.ParseDaemon(tomlcheck.Source{Name: "(defaults)"})
	if *configFile != "" {
		d, err = config.LoadDaemon(*configFile)
	}
	if err != nil {
		return err
	}
	cat, err := loadCatalog(e, d.EmbeddedCatalog, d.CatalogFiles)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := alerting.WritePrometheusRules(&b, cat, d.Alerting); err != nil {
		return fmt.Errorf("generate rules: %w", err)
	}
	if *output == "" {
		_, err = e.stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(*output, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write rules: %w", err)
	}
	return nil
}
