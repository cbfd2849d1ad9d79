//go:build !linux

package main

import "os/exec"

// killWithParent does nothing where the parent-death signal is not
// available: a killed test binary may leave its children running.
func killWithParent(*exec.Cmd) {}
