package testpeer

import (
	"os/exec"
	"syscall"
)

// killWithParent asks Linux to kill cmd's process when the test binary
// dies, so that a test binary killed by -timeout or a signal, which runs no
// cleanup, leaves no peer behind. (Linux sends the signal when the thread
// that started the child exits; Go ends a thread only when a goroutine exits
// locked to it, which tests do not do.)
func killWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
