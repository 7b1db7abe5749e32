// output.go: the commands' stdout, buffered, with its first write error
// kept, so that a full disk or a closed pipe ends the command with status 2
// and a message instead of a truncated output and status 0.

package main

import (
	"bufio"
	"fmt"
	"io"
)

// output buffers a command's stdout; bufio.Writer keeps the first error
// and fails every later write.
type output struct {
	*bufio.Writer
}

func newOutput(w io.Writer) output { return output{bufio.NewWriter(w)} }

// finish flushes the output and returns status, or 2 with a message on
// stderr when any write failed.
func (o output) finish(cmd string, stderr io.Writer, status int) int {
	if err := o.Flush(); err != nil {
		fmt.Fprintf(stderr, "bookmarks-ls %s: cannot write the output: %v\n", cmd, err)
		return 2
	}
	return status
}
