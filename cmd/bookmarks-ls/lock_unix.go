//go:build unix

package main

import (
	"os"
	"syscall"
)

// lockExclusive waits for an exclusive flock on f.
func lockExclusive(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}
