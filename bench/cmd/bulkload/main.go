// Command bulkload pushes a synthetic data set to Jalon's push API in large
// batches and reports the end-to-end wall time. bench/run.sh uses it for the
// bulk-ingestion scenario and to preload stores before the other scenarios.
//
// The data set is series × points measurements of one indicator with one
// label (site=s000001, s000002, …), point i of a series dated start + i×step.
// Batches are cut series-major, as a backfill would send them. Every request
// must answer 200 with as many points counted as it sent; anything else
// stops the load with an error.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bulkload:", err)
		os.Exit(1)
	}
}
