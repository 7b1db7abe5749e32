// stdio.go joins a reader and a writer (os.Stdin, os.Stdout) into the one
// io.ReadWriteCloser that a Stream wants.

package lsp

import (
	"errors"
	"io"
	"os"
	"sync"
)

// NOTE: jsonrpc2 takes a single io.ReadWriteCloser; stdio is two files.
type stdio struct {
	r io.Reader
	w io.WriteCloser

	closeOnce sync.Once
	closeErr  error
}

// NewStdio returns an io.ReadWriteCloser reading r and writing w, typically os.Stdin and
// os.Stdout. Close closes w, and r too when it is an io.Closer, so a blocked Read can return.
// Nothing else may write to w: in a server on stdio, stdout belongs to the protocol.
func NewStdio(r io.Reader, w io.WriteCloser) io.ReadWriteCloser {
	return &stdio{r: r, w: w}
}

func (s *stdio) Read(p []byte) (int, error) { return s.r.Read(p) }

func (s *stdio) Write(p []byte) (int, error) { return s.w.Write(p) }

// Close is idempotent; it reports the first close's error.
func (s *stdio) Close() error {
	s.closeOnce.Do(func() {
		err := s.w.Close()
		if c, ok := s.r.(io.Closer); ok {
			// Closing stdin twice, or after the peer closed it, is not worth reporting.
			if rerr := c.Close(); rerr != nil && !errors.Is(rerr, os.ErrClosed) {
				err = errors.Join(err, rerr)
			}
		}
		s.closeErr = err
	})
	return s.closeErr
}
