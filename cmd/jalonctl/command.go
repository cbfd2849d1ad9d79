package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
)

// command is one subcommand: either a group of subcommands (sub) or a leaf
// that runs with its own FlagSet.
type command struct {
	name    string
	args    string // synopsis of flags and arguments, for usage
	short   string // a line for the list of commands; summary's first line if empty
	summary string // for the command's own usage
	sub     []command
	// run defines its flags on fs, which prints this command's usage, and
	// parses args with parseFlags.
	run func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error
}

// usageError is a command line that cannot run; main exits with status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// dispatch finds the command named by args[0] among cmds and runs it with
// the rest of args. path is the command line so far, for messages.
func dispatch(ctx context.Context, e *env, path string, cmds []command, args []string) error {
	if len(args) == 0 {
		return usageError{fmt.Sprintf("%s: missing command\n\n%s", path, listing(path, cmds))}
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(e.stdout, listing(path, cmds))
		return nil
	}
	if name == "--version" && path == "jalonctl" {
		return printVersion(e)
	}
	for _, c := range cmds {
		if c.name != name {
			continue
		}
		if len(c.sub) > 0 {
			return dispatch(ctx, e, path+" "+name, c.sub, args[1:])
		}
		return c.run(ctx, e, newFlagSet(path+" "+name, c), args[1:])
	}
	return usageError{fmt.Sprintf("%s: unknown command %q\n\n%s", path, name, listing(path, cmds))}
}

func newFlagSet(name string, c command) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s %s\n\n%s\n", name, c.args, c.summary)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args with fs. Asked for help, it prints the usage on
// stdout and returns flag.ErrHelp; on bad flags, or flags of fs after the
// arguments, it returns a usage error.
func parseFlags(e *env, fs *flag.FlagSet, args []string) error {
	var out strings.Builder
	fs.SetOutput(&out)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, out.String())
		return err
	case err != nil:
		return usageError{strings.TrimRight(out.String(), "\n")}
	}
	return flagsAfterArguments(fs, args)
}

// flagsAfterArguments refuses a flag of fs written after the first
// argument: the flag package stops at the first argument and would take
// the flag for one more argument, or for a file name. After "--", the
// user asked for exactly that. The message names the flags without their
// values, which may be secrets.
func flagsAfterArguments(fs *flag.FlagSet, args []string) error {
	rest := fs.Args()
	if i := len(args) - len(rest) - 1; len(rest) == 0 || i >= 0 && args[i] == "--" {
		return nil
	}
	var misplaced []string
	for _, a := range rest[1:] {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name != "" && fs.Lookup(name) != nil {
			dashes := a[:len(a)-len(strings.TrimLeft(a, "-"))]
			misplaced = append(misplaced, dashes+name)
		}
	}
	if len(misplaced) == 0 {
		return nil
	}
	return usagef(fs, "flags go before arguments: move %s before %q", strings.Join(misplaced, ", "), rest[0])
}

// listing lists cmds, one line each: the rest of a summary is for the
// command's own usage.
func listing(path string, cmds []command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s COMMAND [ARGS]\n\nCommands:\n", path)
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, c := range cmds {
		short := c.short
		if short == "" {
			short, _, _ = strings.Cut(c.summary, "\n")
		}
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, short)
	}
	tw.Flush()
	return b.String()
}

// usagef returns a usage error for the command fs parses.
func usagef(fs *flag.FlagSet, format string, args ...any) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.SetOutput(&b)
	fs.Usage()
	return usageError{strings.TrimRight(b.String(), "\n")}
}

// choice returns a usage error naming the flag and the values it takes
// unless value is one of allowed; what names the kind of value.
func choice(fs *flag.FlagSet, name, what, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return usagef(fs, "--%s: unknown %s %q (one of %s)", name, what, value, strings.Join(allowed, ", "))
}

// choices splits the comma-separated value of flag name, each element one
// of allowed, into a set; empty elements are skipped.
func choices(fs *flag.FlagSet, name, what, value string, allowed ...string) (map[string]bool, error) {
	out := map[string]bool{}
	for v := range strings.SplitSeq(value, ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if err := choice(fs, name, what, v, allowed...); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, nil
}
