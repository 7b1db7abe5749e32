// serve.go wires the server onto a transport: the one call the binary makes.

package lsp

import (
	"context"
	"io"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// Options configures Serve; the zero value is usable.
type Options struct {
	Logger         *zap.Logger // nil: zap.NewNop()
	Version        string      // the serverInfo.version of initialize
	MaxMessageSize int64       // 0: DefaultMaxMessageSize

	// OnSourceSize, when set, learns the total size of every analysed file
	// after each publish round (the binary sizes its memory limit by it).
	OnSourceSize func(bytes int64)

	// ExitGrace is how long Serve waits, once exit has arrived, for the
	// connection to close and running requests to reply. 0: 500 ms.
	ExitGrace time.Duration
}

// Serve serves the bookmarks language server on rwc (NewStdio(os.Stdin,
// os.Stdout) for a server on stdio) until exit arrives, the connection ends
// or ctx is cancelled, and closes rwc. It returns the process exit status
// LSP asks for (0 if shutdown preceded exit, 1 otherwise) and, if serving
// ended without exit, why.
//
// After exit, Serve waits at most opts.ExitGrace for the connection's
// reader: a read blocked on a terminal or pipe stdin cannot always be
// interrupted, and the caller is about to leave anyway.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) (int, error) {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	grace := opts.ExitGrace
	if grace <= 0 {
		grace = 500 * time.Millisecond
	}
	stream := NewStream(rwc, StreamOptions{Logger: log, MaxMessageSize: opts.MaxMessageSize})
	conn := jsonrpc2.NewConn(stream, jsonrpc2.WithCodec(Codec{}))
	server := NewServer(conn, log, opts.Version)
	server.OnSourceSize = opts.OnSourceSize
	chain := NewChain(server.Methods(), log)
	chain.lend = stream.lends.lend

	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := chain.Serve(ctx, conn)
		done <- result{code, err}
	}()
	select {
	case r := <-done:
		return r.code, r.err
	case <-chain.Exited():
		select {
		case r := <-done:
			return r.code, nil
		case <-time.After(grace):
			return chain.ExitCode(), nil
		}
	}
}
