//go:build linux

package speech

import "syscall"

// backgroundNice is the scheduling niceness of background synthesis.
const backgroundNice = 15

// lowerPriority makes process pid yield the CPU to everything else; best
// effort (the process may already have finished).
func lowerPriority(pid int) {
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, pid, backgroundNice)
}
