// Command jalond is the Jalon daemon: it serves the catalog of targets, takes
// measurements, evaluates every trajectory and exposes the result to
// Prometheus, Alertmanager and people.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A second signal during the drain ends the process at once: the
	// write-ahead log keeps what was acknowledged.
	context.AfterFunc(ctx, stop)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return // the flag package has printed the usage
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "jalond:", err)
		os.Exit(1)
	}
}
