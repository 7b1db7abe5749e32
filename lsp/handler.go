// handler.go is the server's message chain: lifecycle gating, cancellation, ordering,
// concurrency, panic recovery and the single reply of every request.

package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	fastjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// CodeRequestFailed is LSP 3.17's code for a well-formed request whose handler failed.
//
// NOTE: protocol v0.12.0 (LSP 3.16) does not define it.
const CodeRequestFailed jsonrpc2.Code = -32803

type lifecycle int

const (
	uninitialized lifecycle = iota
	initialized             // initialize answered successfully
	shuttingDown            // shutdown received: requests fail with InvalidRequest
	exited                  // exit received: serving is over
)

// Chain runs Methods over one connection: Chain.Serve, or Handle installed on a jsonrpc2.Conn.
// Package-level Serve wires a Chain for the language server.
//
// NOTE: this replaces the go.lsp.dev chain (CancelHandler → AsyncHandler → ReplyHandler):
// their cancel expects int32 ids, AsyncHandler runs requests one at a time
// and ReplyHandler panics on a double reply. The order of concerns is the same.
//
// Ordering: Handle is called by the connection's reader for one message at a time, so
// notifications (didOpen, didChange, …) run to completion in arrival order before the next
// message is read. Requests are started in a goroutine, hence concurrently with each other,
// but only after every earlier notification has been applied. initialize and shutdown run
// inline because they change what later messages may do; like notifications, they must not
// wait for a response from the client.
type Chain struct {
	methods Methods
	log     *zap.Logger
	running sync.WaitGroup // request goroutines; Added only by the reader

	// results, when set, frames successful replies whose result is already
	// encoded, instead of jsonrpc2's replier: Serve sets it to the Stream
	// under the connection. See send.
	results resultWriter

	mu       sync.Mutex // guards the fields below
	state    lifecycle
	inflight map[jsonrpc2.ID]*inflight // running requests, for $/cancelRequest
	exitCode int                       // valid once exitCh is closed
	exitCh   chan struct{}             // closed when exit arrives
}

type inflight struct{ cancel context.CancelFunc }

// NewChain returns a Chain dispatching to methods. A nil logger means zap.NewNop().
// initialize must be in methods; shutdown may be (it runs before the server shuts down);
// exit and $/cancelRequest are handled by the Chain and never dispatched.
func NewChain(methods Methods, logger *zap.Logger) *Chain {
	if logger == nil {
		logger = zap.NewNop()
	}
	return &Chain{
		methods:  methods,
		log:      logger,
		inflight: make(map[jsonrpc2.ID]*inflight),
		exitCode: 1,
		exitCh:   make(chan struct{}),
	}
}

// Serve handles conn until exit arrives, the connection ends or ctx is cancelled, then
// cancels running requests, closes conn and waits for both. It returns the process exit
// status LSP asks for (0 if shutdown preceded exit, 1 otherwise) and, if serving ended
// without exit, why.
func (s *Chain) Serve(ctx context.Context, conn jsonrpc2.Conn) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn.Go(ctx, s.Handle)
	var err error
	select {
	case <-s.exitCh:
	case <-conn.Done():
		err = conn.Err()
		if err == nil {
			err = errors.New("connection closed")
		}
		err = fmt.Errorf("connection ended before exit: %w", err)
	case <-ctx.Done():
		err = ctx.Err()
	}
	cancel()
	_ = conn.Close() // errors here only repeat why the connection ended
	<-conn.Done()
	s.running.Wait()
	return s.ExitCode(), err
}

// Exited is closed when the exit notification arrives.
func (s *Chain) Exited() <-chan struct{} { return s.exitCh }

// ExitCode is 0 if exit followed shutdown and 1 otherwise (including before exit).
func (s *Chain) ExitCode() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitCode
}

// Handle is a jsonrpc2.Handler. It always returns nil: an error would make jsonrpc2.Conn
// close the connection, and no single message is worth that.
func (s *Chain) Handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	start := time.Now()
	switch req := req.(type) {
	case *jsonrpc2.Call:
		s.call(ctx, &replier{reply: reply, method: req.Method(), log: s.log}, req, start)
	case *jsonrpc2.Notification:
		s.notify(ctx, req, start)
	}
	return nil
}

func (s *Chain) notify(ctx context.Context, n *jsonrpc2.Notification, start time.Time) {
	method := n.Method()
	switch method {
	case "$/cancelRequest":
		s.cancel(n.Params())
		return
	case "exit":
		s.exit()
		s.logDone(method, nil, start, nil)
		return
	}
	h, ok := s.methods[method]
	if state := s.getState(); state != initialized || !ok || !h.notification || h.run == nil {
		// LSP: drop notifications before initialize and after shutdown; unknown ones
		// (including every unhandled $/ notification) are ignored.
		s.log.Debug("notification ignored", zap.String("method", method), zap.Int("state", int(state)))
		return
	}
	_, err := s.run(ctx, h, method, n.Params())
	s.logDone(method, nil, start, err)
}

func (s *Chain) call(ctx context.Context, reply *replier, c *jsonrpc2.Call, start time.Time) {
	method, id := c.Method(), c.ID()
	h, ok := s.methods[method]
	ok = ok && !h.notification && h.run != nil
	state := s.getState()
	switch {
	case state >= shuttingDown:
		s.replyErr(ctx, reply, method, id, start, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "%s: server is shutting down", method))
	case method == "initialize" && state != uninitialized:
		s.replyErr(ctx, reply, method, id, start, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize: already initialized"))
	case method != "initialize" && state == uninitialized:
		s.replyErr(ctx, reply, method, id, start, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "%s: server not initialized", method))
	case method == "shutdown":
		// Inline, so every later request sees the shutdown. The handler is optional.
		var result any
		var err error
		if ok {
			result, err = s.run(ctx, h, method, c.Params())
		}
		s.setState(shuttingDown)
		s.reply(ctx, reply, method, id, start, result, err)
	case !ok:
		s.replyErr(ctx, reply, method, id, start, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method))
	case method == "initialize":
		result, err := s.run(ctx, h, method, c.Params())
		if err == nil {
			s.setState(initialized)
		}
		s.reply(ctx, reply, method, id, start, result, err)
	default:
		s.goCall(ctx, reply, h, c, start)
	}
}

// goCall runs a request in its own goroutine with a context that $/cancelRequest can cancel.
func (s *Chain) goCall(ctx context.Context, reply *replier, h Handler, c *jsonrpc2.Call, start time.Time) {
	method, id := c.Method(), c.ID()
	ctx, cancel := context.WithCancel(ctx)
	entry := &inflight{cancel: cancel}
	s.mu.Lock()
	s.inflight[id] = entry
	s.mu.Unlock()
	s.running.Add(1)
	go func() {
		defer s.running.Done()
		defer cancel()
		result, err := s.run(ctx, h, method, c.Params())
		s.mu.Lock()
		if s.inflight[id] == entry { // a client reusing an id must not lose the newer entry
			delete(s.inflight, id)
		}
		s.mu.Unlock()
		s.reply(ctx, reply, method, id, start, result, err)
	}()
}

// run calls h, turning a panic into an InternalError with the stack logged.
func (s *Chain) run(ctx context.Context, h Handler, method string, params json.RawMessage) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in handler", zap.String("method", method), zap.Any("panic", r),
				zap.ByteString("stack", debug.Stack()))
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: panic: %v", method, r)
		}
	}()
	return h.run(ctx, params)
}

// reply sends result or err. The result is marshalled here so that a result that cannot be
// encoded still gets an answer (jsonrpc2 would send nothing and the client would wait forever).
func (s *Chain) reply(ctx context.Context, reply *replier, method string, id jsonrpc2.ID, start time.Time, result any, err error) {
	if err != nil {
		s.replyErr(ctx, reply, method, id, start, wireError(ctx, err))
		return
	}
	data, ok := result.(encodedJSON)
	if !ok {
		// segmentio's encoder (jsonrpc2's own) is several times faster than
		// encoding/json on large results.
		var merr error
		if data, merr = fastjson.Marshal(result); merr != nil {
			s.replyErr(ctx, reply, method, id, start, jsonrpc2.Errorf(jsonrpc2.InternalError, "%s: encode result: %v", method, merr))
			return
		}
	}
	direct := s.send(ctx, reply, method, id, start, json.RawMessage(data), nil)
	if ok && direct {
		// The Stream has written the bytes (and io.Writers keep nothing);
		// through jsonrpc2's replier they may be held: let them go.
		putResultBuffer(data)
	}
}

// encodedJSON is a result its handler has already encoded (completion
// joins fragments encoded once per snapshot). It must be valid JSON; the
// chain sends it as is. Once returned to the chain it belongs to it: its
// buffer may be reused after the reply (see resultBuffer).
type encodedJSON []byte

// MarshalJSON returns e: an encodedJSON encoded again is still its value.
func (e encodedJSON) MarshalJSON() ([]byte, error) {
	if len(e) == 0 {
		return []byte("null"), nil
	}
	return e, nil
}

// resultBuffers recycles the buffers of encodedJSON results: a completion
// list is tens of kilobytes, and a fresh one per keystroke (zeroed, then
// collected) costs more than building it.
var resultBuffers sync.Pool

// resultBuffer returns an empty buffer to build an encodedJSON in.
func resultBuffer() []byte {
	if p, ok := resultBuffers.Get().(*[]byte); ok {
		return (*p)[:0]
	}
	return make([]byte, 0, 64<<10)
}

func putResultBuffer(b []byte) {
	if cap(b) > 4<<20 {
		return // a rare huge list: let it go
	}
	resultBuffers.Put(&b)
}

// resultWriter frames a successful response whose result is encoded JSON
// (*Stream does).
type resultWriter interface {
	WriteResult(ctx context.Context, id jsonrpc2.ID, result json.RawMessage) (int64, error)
}

func (s *Chain) replyErr(ctx context.Context, reply *replier, method string, id jsonrpc2.ID, start time.Time, err *jsonrpc2.Error) {
	s.send(ctx, reply, method, id, start, nil, err)
}

// send sends the reply. A successful encoded result goes straight to the
// results writer when there is one; send reports whether it did.
func (s *Chain) send(ctx context.Context, reply *replier, method string, id jsonrpc2.ID, start time.Time, result any, rpcErr *jsonrpc2.Error) (direct bool) {
	var err error
	if rpcErr != nil {
		err = rpcErr
	}
	// Logged before the reply goes out, so that whoever sees the reply also sees the line.
	s.logDone(method, &id, start, err)
	// A cancelled request still needs its reply, so the write must not see the cancellation.
	ctx = context.WithoutCancel(ctx)
	var werr error
	if raw, ok := result.(json.RawMessage); ok && rpcErr == nil && s.results != nil {
		direct = true
		werr = reply.once(func() error {
			_, err := s.results.WriteResult(ctx, id, raw)
			return err
		})
	} else {
		werr = reply.once(func() error { return reply.reply(ctx, result, err) })
	}
	if werr != nil {
		s.log.Warn("reply not sent", zap.String("method", method), zap.Stringer("id", idString(id)), zap.Error(werr))
	}
	return direct
}

// wireError maps a handler error to the error sent to the client.
func wireError(ctx context.Context, err error) *jsonrpc2.Error {
	var rpcErr *jsonrpc2.Error
	switch {
	case errors.As(err, &rpcErr):
		return rpcErr
	case ctx.Err() != nil:
		return jsonrpc2.Errorf(protocol.CodeRequestCancelled, "request cancelled: %v", err)
	default:
		return jsonrpc2.NewError(CodeRequestFailed, err.Error())
	}
}

// logDone writes the one debug line per message.
func (s *Chain) logDone(method string, id *jsonrpc2.ID, start time.Time, err error) {
	fields := []zap.Field{zap.String("method", method), zap.Duration("duration", time.Since(start))}
	if id != nil {
		fields = append(fields, zap.Stringer("id", idString(*id)))
	}
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		fields = append(fields, zap.Int32("code", int32(rpcErr.Code)))
	}
	if err != nil {
		fields = append(fields, zap.Error(err))
	}
	s.log.Debug("handled", fields...)
}

// cancel handles $/cancelRequest for a numeric or string id.
//
// NOTE: jsonrpc2.CancelHandler's id decoding expects int32 while JSON numbers decode as
// float64, so it never matches the numeric ids VS Code sends.
func (s *Chain) cancel(params json.RawMessage) {
	id, ok := cancelID(params)
	if !ok {
		s.log.Warn("$/cancelRequest with an invalid id", zap.ByteString("params", params))
		return
	}
	s.mu.Lock()
	entry := s.inflight[id]
	s.mu.Unlock()
	if entry == nil {
		s.log.Debug("$/cancelRequest for a request not running", zap.Stringer("id", idString(id)))
		return
	}
	entry.cancel()
	s.log.Debug("cancelled", zap.Stringer("id", idString(id)))
}

// cancelID decodes {"id": number | string}. Numbers must be integers that fit the int32 ids
// of jsonrpc2; 7, 7.0 and 7e0 all name request 7.
func cancelID(params json.RawMessage) (jsonrpc2.ID, bool) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(params, &p) != nil || isNull(p.ID) {
		return jsonrpc2.ID{}, false
	}
	var name string
	if json.Unmarshal(p.ID, &name) == nil {
		return jsonrpc2.NewStringID(name), true
	}
	var f float64
	if json.Unmarshal(p.ID, &f) != nil || f != math.Trunc(f) || f < math.MinInt32 || f > math.MaxInt32 {
		return jsonrpc2.ID{}, false
	}
	return jsonrpc2.NewNumberID(int32(f)), true
}

func (s *Chain) exit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == exited {
		return
	}
	if s.state == shuttingDown {
		s.exitCode = 0
	}
	s.state = exited
	close(s.exitCh)
}

func (s *Chain) getState() lifecycle {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

func (s *Chain) setState(state lifecycle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = state
}

// replier sends the one reply of a call; later replies are logged and
// refused, never sent.
type replier struct {
	reply  jsonrpc2.Replier
	method string
	log    *zap.Logger
	done   atomic.Bool
}

// once runs send if no reply was sent before.
func (r *replier) once(send func() error) error {
	if !r.done.CompareAndSwap(false, true) {
		r.log.Error("second reply refused", zap.String("method", r.method))
		return fmt.Errorf("%s: already replied", r.method)
	}
	return send()
}

// idString formats an id for logs: strings quoted, numbers as "#7".
type idString jsonrpc2.ID

func (id idString) String() string { return fmt.Sprintf("%q", jsonrpc2.ID(id)) }
