package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/wire"
)

func statusCommand() command {
	return command{name: "status", short: "print the roadmap as a table: actual, plan, status", args: "[flags]",
		summary: "Print the roadmap's state as a table: objective, indicator, latest actual, plan, target, status.",
		run:     status}
}

func status(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient := clientFlags(e, fs)
	only := fs.String("status", "", "show only these statuses, comma separated (e.g. off_track,missed)")
	objective := fs.String("objective", "", "show only objectives whose id starts with this (e.g. 14-)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(fs, "unexpected arguments %q", fs.Args())
	}
	shown, err := choices(fs, "status", "status", *only, statuses()...)
	if err != nil {
		return err
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	v, err := c.api.Objectives(ctx)
	if err != nil {
		return c.explain(err)
	}
	if err := checkObjectivePrefix(&v, *objective); err != nil {
		return err
	}
	return printStatus(e.stdout, &v, shown, *objective)
}

// statuses returns the statuses of an evaluation, from best to worst, then
// those that judge nothing.
func statuses() []string {
	return []string{"achieved", "on_track", "at_risk", "off_track", "missed", "stale", "no_data"}
}

// checkObjectivePrefix refuses an --objective that no objective id starts
// with, which would print an empty table as if all were well.
func checkObjectivePrefix(v *wire.Objectives, prefix string) error {
	if prefix == "" || len(v.Objectives) == 0 {
		return nil
	}
	for _, o := range v.Objectives {
		if strings.HasPrefix(o.ID, prefix) {
			return nil
		}
	}
	return fmt.Errorf("--objective %q: no objective id starts with it (ids run from %s to %s)",
		prefix, v.Objectives[0].ID, v.Objectives[len(v.Objectives)-1].ID)
}

func printStatus(w io.Writer, v *wire.Objectives, only map[string]bool, objective string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECTIVE\tINDICATOR\tLABELS\tACTUAL\tAS OF\tPLANNED\tTARGET\tSTATUS\tCONFIDENCE")
	counts := map[string]int{}
	for _, o := range v.Objectives {
		if !strings.HasPrefix(o.ID, objective) {
			continue
		}
		for _, ind := range o.Indicators {
			for _, ev := range ind.Evaluations {
				counts[ev.Status]++
				if len(only) > 0 && !only[ev.Status] {
					continue
				}
				actual, asOf := "-", "-"
				if ev.Latest != nil {
					asOf = ev.Latest.Time.Format(time.DateOnly)
				}
				if ev.Latest != nil && ev.Latest.Value != nil {
					actual = roundValue(*ev.Latest.Value, ind.Unit)
					if q, err := indicators.ParseQualifier(ev.Latest.Qualifier); err == nil {
						actual = q.Qualify(actual) // a daemon newer than jalonctl may know more qualifiers
					}
				}
				planned, target := "-", "-"
				if ev.PlannedNow != nil {
					planned = roundValue(*ev.PlannedNow, ind.Unit)
				}
				if t := ev.Target; t != nil {
					target = "done by " + t.Deadline
					if t.Value != nil {
						target = roundValue(*t.Value, ind.Unit) + " by " + t.Deadline
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.ID, ind.ID, labelText(ev.Labels),
					actual, asOf, planned, target, ev.Status, ev.Confidence)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s (evaluated %s)\n", countText(counts), v.EvaluatedAt)
	return err
}

func labelText(ls map[string]string) string {
	if len(ls) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(ls))
	for k, v := range ls {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func countText(counts map[string]int) string {
	var parts []string
	for _, s := range statuses() {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

// roundValue writes v as the English pages do: 266.2 million rather than
// 266187845.3.
func roundValue(v float64, unit string) string {
	return indicators.Unit{Name: unit, Lang: indicators.English}.Format(v)
}
