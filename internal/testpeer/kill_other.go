//go:build !linux

package testpeer

import "os/exec"

// killWithParent does nothing where the parent-death signal is not
// available: a killed test binary may leave its peers running.
func killWithParent(*exec.Cmd) {}
