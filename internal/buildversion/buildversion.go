// Package buildversion completes the build information of
// github.com/prometheus/common/version, which `make build` sets with
// -ldflags from git, for binaries built otherwise (go build, go install,
// the tests' builds), so that --version and jalon_build_info never show an
// empty version.
package buildversion

import (
	"runtime/debug"
	"sync"

	"github.com/prometheus/common/version"
)

// devel is the version of a build with neither -ldflags nor a module
// version, as the go command itself names it.
const devel = "(devel)"

var once sync.Once

// Fill sets version.Version, unless the linker did, to the version the go
// command stamped on the main module: v1.2.3 from go install …@v1.2.3, a
// pseudo-version with VCS stamping, else "(devel)". The revision is already
// read from the build's vcs.revision by package version. Fill is safe to
// call from concurrent tests; only its first call writes.
func Fill() {
	once.Do(func() {
		if version.Version != "" {
			return
		}
		version.Version = devel
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			version.Version = bi.Main.Version
		}
	})
}

// Print returns the version text of program, as Prometheus' binaries print
// it for --version.
func Print(program string) string {
	Fill()
	return version.Print(program) + "\n"
}
