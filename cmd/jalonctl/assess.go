package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/jalonhq/jalon/wire"
)

func assessCommand() command {
	return command{name: "assess", args: "[flags] OBJECTIVE  |  assess --history OBJECTIVE",
		short: "record the owners' assessment of an objective; list its history",
		summary: "Record the owners' assessment of OBJECTIVE (or, with --indicator, of one of its\n" +
			"indicators): a --rating on the confidence scale (green, amber_green, amber_red,\n" +
			"red), a --comment, the --actions decided, and its --author (default the token's\n" +
			"name). Earlier assessments are kept. With --history, print them all instead.\n" +
			"Recording needs an assess:<glob> scope matching OBJECTIVE, or admin.",
		run: assess}
}

func assess(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	var in wire.AssessmentInput
	fs.StringVar(&in.Rating, "rating", "", "green, amber_green, amber_red or red")
	fs.StringVar(&in.Comment, "comment", "", "what the owners say, in a few words")
	fs.StringVar(&in.Actions, "actions", "", "the actions decided")
	fs.StringVar(&in.Author, "author", "", "the person's name (default: the token's)")
	fs.StringVar(&in.Indicator, "indicator", "", "an indicator of the objective, to assess it alone")
	history := fs.Bool("history", false, "print the objective's assessments instead")
	newClient := clientFlags(e, fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef(fs, "want one OBJECTIVE, got %d arguments", fs.NArg())
	}
	if !*history && (in.Rating == "" || in.Comment == "") {
		return usagef(fs, "--rating and --comment are required to record an assessment")
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	if *history {
		out, err := c.api.Assessments(ctx, fs.Arg(0))
		if err != nil {
			return c.explain(err)
		}
		return printAssessments(e.stdout, out)
	}
	out, err := c.api.Assess(ctx, fs.Arg(0), in)
	if err != nil {
		return c.explain(err)
	}
	fmt.Fprintf(e.stdout, "recorded: %s\n", assessmentLine(out))
	return nil
}

func assessmentLine(a wire.Assessment) string {
	subject := a.Objective
	if a.Indicator != "" {
		subject += " " + a.Indicator
	}
	s := fmt.Sprintf("%s  %s  %s  by %s: %s", a.Time.UTC().Format(time.RFC3339), subject, a.Rating, a.Author, a.Comment)
	if a.Actions != "" {
		s += " — actions: " + a.Actions
	}
	return s
}

func printAssessments(w io.Writer, out wire.Assessments) error {
	div := ""
	if out.Diverges {
		div = " — the latest assessment is two or more levels more optimistic than the figures"
	}
	fmt.Fprintf(w, "objective %s, computed confidence %s%s (times UTC)\n", out.Objective, out.ComputedConfidence, div)
	for _, a := range out.Assessments {
		fmt.Fprintln(w, assessmentLine(a))
	}
	_, err := fmt.Fprintf(w, "%d %s\n", len(out.Assessments), plural(len(out.Assessments), "assessment", "assessments"))
	return err
}
