// Command jalonctl is Jalon's command-line client: it checks and shows
// catalogs and configurations, and talks to a running jalond. Each
// subcommand lives in its own file and is listed in commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones in the config check do not depend on the host

	"github.com/jalonhq/jalon/internal/buildversion"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(report(err, os.Stderr))
}

// run runs the command line args (without the program name).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, embedded: embeddedCatalog}
	return dispatch(ctx, e, "jalonctl", commands(), args)
}

// commands is the dispatch table: one entry per subcommand, each defined in
// its own file.
func commands() []command {
	return []command{
		catalogCommand(),
		configCommand(),
		pushCommand(),
		statusCommand(),
		backupCommand(),
		rulesCommand(),
		alertsCommand(),
		pullersCommand(),
		reportCommand(),
		exportCommand(),
		importCommand(),
		storeCommand(),
		versionCommand(),
		deleteCommand(),
		assessCommand(),
	}
}

func versionCommand() command {
	return command{name: "version", summary: "print the version and build information (also jalonctl --version)",
		run: func(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
			if err := parseFlags(e, fs, args); err != nil {
				return err
			}
			if fs.NArg() != 0 {
				return usagef(fs, "takes no arguments")
			}
			return printVersion(e)
		}}
}

func printVersion(e *env) error {
	_, err := io.WriteString(e.stdout, buildversion.Print("jalonctl"))
	return err
}

// env is what a subcommand may use of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	embedded       func() []tomlcheck.Source // the catalog compiled into the binary
}

func embeddedCatalog() []tomlcheck.Source {
	return catalogfile.EmbeddedSources()
}

// report writes err to stderr and returns the exit code: 0 on success or
// help, 2 for a usage error, 1 otherwise.
func report(err error, stderr io.Writer) int {
	var usage usageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintln(stderr, err)
	return 1
}
