package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jalonhq/jalon/indicators"
)

// writeTable writes one aligned row per indicator.
func writeTable(w io.Writer, cat *indicators.Catalog) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECTIVE\tINDICATOR\tKIND\tUNIT\tTARGETS")
	for _, o := range cat.Objectives {
		if len(o.Indicators) == 0 {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\n", o.ID)
		}
		for _, ind := range o.Indicators {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.ID, ind.ID, ind.Kind, ind.Unit, targets(ind))
		}
	}
	return tw.Flush()
}

// targets renders milestones as "250M by 2023-12-31; 400M by 2026-12-31".
func targets(ind indicators.Indicator) string {
	parts := make([]string, len(ind.Milestones))
	for i, m := range ind.Milestones {
		what := "done"
		if m.Value != nil {
			what = formatValue(*m.Value, ind.Unit)
		}
		parts[i] = what + " by " + m.Deadline.Format("2006-01-02")
	}
	return strings.Join(parts, "; ")
}

// formatValue writes a target exactly but briefly: 90%, 250M, 1.5k, 0.8.
func formatValue(v float64, unit string) string {
	if unit == "percent" {
		return strconv.FormatFloat(v, 'f', -1, 64) + "%"
	}
	for _, s := range []struct {
		scale  float64
		suffix string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if math.Abs(v) >= s.scale {
			return strconv.FormatFloat(v/s.scale, 'f', -1, 64) + s.suffix
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
