// Command replicadelay measures how long a point acknowledged by one jalond
// replica takes to show on another: it pushes one point to -write, and from
// the moment the push is answered, reads -read's series API every -interval
// until the point is there; N times, one point at a time. bench/run.sh uses
// it for the read-after-write delay across replicas on the etcd backend.
//
// It prints one line:
//
//	points=200 median_ms=3.1 p99_ms=9.8 max_ms=12.0 first_read=187 read_ms=1.2 seconds=1.9
//
// where first_read counts the points the first read after the answer
// already showed, and read_ms is the median time of the read that found a
// point (the resolution of the figures). A push that is not answered 200
// with one new point, or a point still missing after -timeout, stops it
// with an error. JALON_TOKEN, as for jalonctl, is sent as the bearer token.
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
		fmt.Fprintln(os.Stderr, "replicadelay:", err)
		os.Exit(1)
	}
}
