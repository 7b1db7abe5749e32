// dispatch.go holds the typed adapters that turn wire params into Go values for one method.

package lsp

import (
	"context"
	"encoding/json"
)

// Handler runs one LSP method. Build it with Request or Notification; the zero Handler is
// not registered (it is treated like a missing method).
type Handler struct {
	notification bool
	ready        func() bool // set by Inline
	run          func(ctx context.Context, params json.RawMessage) (any, error)
}

// Methods maps an LSP method name ("textDocument/hover") to its handler.
type Methods map[string]Handler

// Request adapts fn to a request method. Params that are absent or null give fn a pointer to
// a zero P, so methods such as shutdown need no special case; params that do not decode into
// P are answered with InvalidParams (-32602) without calling fn.
//
// An error from fn is sent as is when it is (or wraps) a *jsonrpc2.Error, as RequestCancelled
// when the request was cancelled, and as RequestFailed (-32803) otherwise.
func Request[P, R any](fn func(ctx context.Context, p *P) (R, error)) Handler {
	return Handler{run: func(ctx context.Context, raw json.RawMessage) (any, error) {
		p, err := decodeParams[P](raw)
		if err != nil {
			return nil, err
		}
		return fn(ctx, p)
	}}
}

// Notification adapts fn to a notification method. It runs before the next message is read,
// so keep it to cheap state updates. Its error (including invalid params) is only logged:
// notifications have no reply.
//
// fn must not wait for a response from the client (client/registerCapability from
// initialized, say): responses are read by the same goroutine, which is busy running fn.
// Send such requests from a goroutine.
func Notification[P any](fn func(ctx context.Context, p *P) error) Handler {
	return Handler{notification: true, run: func(ctx context.Context, raw json.RawMessage) (any, error) {
		p, err := decodeParams[P](raw)
		if err != nil {
			return nil, err
		}
		return nil, fn(ctx, p)
	}}
}

// Inline lets the request h runs be answered on the goroutine that reads the
// connection whenever ready says, at its arrival, that it can be answered at
// once (from a snapshot already built, say). It then costs no hand-off to a
// goroutine of its own, which is most of the time a position query takes;
// later messages wait for it, as they wait for a notification. When ready
// says no, the request runs like any other, concurrently with later messages.
//
// Only for quick requests that never wait for the client or for a later
// message (a cancellation cannot reach them), and that do not derive a
// context from theirs: the connection recycles it when they return.
func Inline(h Handler, ready func() bool) Handler {
	if !h.notification {
		h.ready = ready
	}
	return h
}
