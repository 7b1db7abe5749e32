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
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// inlineReplyMax is the largest reply an Inline request writes before the
// next message is read: a pipe holds 64 KB, and a client busy writing to
// the server while the server writes to it would wait for ever.
const inlineReplyMax = 16 << 10

// CodeRequestFailed is LSP 3.17's code for a well-formed request whose handler failed.
const CodeRequestFailed = jsonrpc2.Code(protocol.LSPErrorCodesRequestFailed)

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
// NOTE: this replaces go.lsp.dev's chain (protocol.ServerHandler over jsonrpc2's
// CancelHandler and AsyncHandler): jsonrpc2 v1 answers a panic with -32603 and then closes
// the connection, closes it too when a $/cancelRequest id is 7.0 or {} (its notification
// handler fails), and its AsyncHandler runs notifications concurrently with each other.
//
// Ordering: Handle is called by the connection's reader for one message at a time, so
// notifications (didOpen, didChange, …) run to completion in arrival order before the next
// message is read. A request releases the reader (jsonrpc2.Async) once it is registered for
// cancellation, hence runs concurrently with later messages, but only after every earlier
// notification has been applied. initialize and shutdown run
// inline because they change what later messages may do; like notifications, they must not
// wait for a response from the client. So do the requests made with Inline while their
// ready says so: they are answered before the next message is read.
type Chain struct {
	methods Methods
	log     *zap.Logger
	// debug is whether log writes debug lines, read once: without them a
	// message costs no clock reading and no logger call.
	debug   bool
	running sync.WaitGroup // request goroutines; Added only by the reader
	// lend hands a reply's pooled buffer to the Stream that writes the
	// reply (set by Serve; nil: the buffer goes with the reply).
	lend func(jsonrpc2.ID, *[]byte) bool

	mu       sync.Mutex // guards the fields below
	state    lifecycle
	inflight map[jsonrpc2.ID]*inflight // running requests, for $/cancelRequest
	exitCode int                       // valid once exitCh is closed
	exitCh   chan struct{}             // closed when exit arrives
}

type inflight struct{ cancel context.CancelFunc }

// NewChain returns a Chain dispatching to methods. A nil logger means zap.NewNop(); whether
// it writes debug lines is read here, once.
// initialize must be in methods; shutdown may be (it runs before the server shuts down);
// exit and $/cancelRequest are handled by the Chain and never dispatched.
func NewChain(methods Methods, logger *zap.Logger) *Chain {
	if logger == nil {
		logger = zap.NewNop()
	}
	return &Chain{
		methods:  methods,
		log:      logger,
		debug:    logger.Core().Enabled(zap.DebugLevel),
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
	conn.Go(context.WithValue(ctx, readEndKey{}, s.readEnded), s.Handle)
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

// readEndKey is the context key under which Serve gives the connection's
// Stream the function to call when reading ends (the client went away).
//
// NOTE: jsonrpc2 v1 cancels running requests when a write fails, not when
// reading ends, and its Conn is done only once they have returned: a request
// waiting for its cancellation would keep Serve from ever returning.
type readEndKey struct{}

// readEnded cancels the running requests: no cancellation can come anymore,
// and their replies cannot be read.
func (s *Chain) readEnded() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.inflight {
		f.cancel()
	}
}

// Exited is closed when the exit notification arrives.
func (s *Chain) Exited() <-chan struct{} { return s.exitCh }

// ExitCode is 0 if exit followed shutdown and 1 otherwise (including before exit).
func (s *Chain) ExitCode() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitCode
}

// Handle is a jsonrpc2.Handler. A notification always returns nil: an error would make
// jsonrpc2.Conn close the connection (NOTE: v1 still does), and no single message is worth that.
func (s *Chain) Handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var start time.Time
	if s.debug {
		start = time.Now()
	}
	if req.IsCall() {
		return s.call(ctx, req, start)
	}
	s.notify(ctx, req, start)
	return nil, nil
}

func (s *Chain) notify(ctx context.Context, n *jsonrpc2.Request, start time.Time) {
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

func (s *Chain) call(ctx context.Context, c *jsonrpc2.Request, start time.Time) (any, error) {
	method, id := c.Method(), c.ID()
	h, ok := s.methods[method]
	ok = ok && !h.notification && h.run != nil
	state := s.getState()
	switch {
	case state >= shuttingDown:
		return s.replyErr(method, id, start, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "%s: server is shutting down", method))
	case method == "initialize" && state != uninitialized:
		return s.replyErr(method, id, start, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize: already initialized"))
	case method != "initialize" && state == uninitialized:
		return s.replyErr(method, id, start, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "%s: server not initialized", method))
	case method == "shutdown":
		// Inline, so every later request sees the shutdown. The handler is optional.
		var result any
		var err error
		if ok {
			result, err = s.run(ctx, h, method, c.Params())
		}
		s.setState(shuttingDown)
		return s.reply(ctx, method, id, start, result, err)
	case !ok:
		return s.replyErr(method, id, start, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method))
	case method == "initialize":
		result, err := s.run(ctx, h, method, c.Params())
		if err == nil {
			s.setState(initialized)
		}
		return s.reply(ctx, method, id, start, result, err)
	case h.ready != nil && h.ready():
		// Inline: on the reader, with the connection's own request context.
		result, err := s.run(ctx, h, method, c.Params())
		out, err := s.reply(ctx, method, id, start, result, err)
		if raw, ok := out.(jsonrpc2.RawMessage); ok && len(raw) > inlineReplyMax {
			// A large reply may wait for the client to read it: meanwhile
			// the next messages are read.
			jsonrpc2.Async(ctx)
		}
		return out, err
	default:
		return s.goCall(ctx, h, c, start)
	}
}

// goCall runs a request concurrently with later messages, with a context that
// $/cancelRequest can cancel: it registers the request, then releases the reader
// (jsonrpc2.Async, which also copies the params the request borrows).
func (s *Chain) goCall(ctx context.Context, h Handler, c *jsonrpc2.Request, start time.Time) (any, error) {
	id := c.ID() // ids own their bytes
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	entry := &inflight{cancel: cancel}
	s.mu.Lock()
	s.inflight[id] = entry
	s.mu.Unlock()
	s.running.Add(1)
	defer s.running.Done()
	jsonrpc2.Async(ctx)
	// The method and params borrow the message's bytes, which the Stream
	// reads the next message into: only those Async copied are kept.
	method := c.Method()
	result, err := s.run(ctx, h, method, c.Params())
	s.mu.Lock()
	if s.inflight[id] == entry { // a client reusing an id must not lose the newer entry
		delete(s.inflight, id)
	}
	s.mu.Unlock()
	return s.reply(ctx, method, id, start, result, err)
}

// run calls h, turning a panic into an InternalError with the stack logged.
func (s *Chain) run(ctx context.Context, h Handler, method string, params jsonrpc2.RawMessage) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in handler", zap.String("method", method), zap.Any("panic", r),
				zap.ByteString("stack", debug.Stack()))
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: panic: %v", method, r)
		}
	}()
	return h.run(ctx, json.RawMessage(params))
}

// reply returns result or err as the reply. The result is encoded here so that a result
// that cannot be encoded still gets an answer; jsonrpc2 v1 sends a RawMessage as is.
func (s *Chain) reply(ctx context.Context, method string, id jsonrpc2.ID, start time.Time, result any, err error) (any, error) {
	if err != nil {
		return s.replyErr(method, id, start, wireError(ctx, err))
	}
	if s.lend != nil && pooledResult(result) {
		bp := listBuffer(0)
		data, err := appendJSON((*bp)[:0], result)
		if err != nil {
			putListBuffer(bp)
			return s.replyErr(method, id, start, jsonrpc2.Errorf(jsonrpc2.InternalError, "%s: encode result: %v", method, err))
		}
		*bp = data
		result = lentJSON{bp}
	}
	data, err := marshalJSON(result)
	if err != nil {
		return s.replyErr(method, id, start, jsonrpc2.Errorf(jsonrpc2.InternalError, "%s: encode result: %v", method, err))
	}
	if l, ok := result.(lentJSON); ok && s.lend != nil && len(*l.buf) > 0 {
		s.lend(id, l.buf) // else the buffer goes with the reply
	}
	// Logged before the reply goes out, so that whoever sees the reply also sees the line.
	s.logDone(method, &id, start, nil)
	return jsonrpc2.RawMessage(data), nil
}

// encodedJSON is a result its handler has already encoded (completion
// joins fragments encoded once per snapshot). It must be valid JSON; the
// chain sends it as is.
type encodedJSON []byte

// MarshalJSON returns e: an encodedJSON encoded again is still its value.
func (e encodedJSON) MarshalJSON() ([]byte, error) {
	if len(e) == 0 {
		return []byte("null"), nil
	}
	return e, nil
}

func (s *Chain) replyErr(method string, id jsonrpc2.ID, start time.Time, err *jsonrpc2.Error) (any, error) {
	s.logDone(method, &id, start, err)
	return nil, err
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

// logDone writes the one debug line per message; its fields are only made
// when debug lines are written.
func (s *Chain) logDone(method string, id *jsonrpc2.ID, start time.Time, err error) {
	if !s.debug {
		return
	}
	ce := s.log.Check(zap.DebugLevel, "handled")
	if ce == nil {
		return
	}
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
	ce.Write(fields...)
}

// cancel handles $/cancelRequest for a numeric or string id.
//
// NOTE: jsonrpc2 v1 answers a cancel whose id is 7.0 or {} by closing the connection (its
// notification handler fails); 7.0 names request 7 here, and a bad id is ignored.
func (s *Chain) cancel(params jsonrpc2.RawMessage) {
	id, ok := cancelID(json.RawMessage(params))
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

// cancelID decodes {"id": number | string}. Numbers must be integers that fit an int32
// (TestCancelID; jsonrpc2 v1's ids would hold an int64); 7, 7.0 and 7e0 all name request 7.
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
	return jsonrpc2.NewNumberID(int64(f)), true
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

// idString formats an id for logs: strings quoted, numbers as "#7".
type idString jsonrpc2.ID

func (id idString) String() string { return string(appendID(nil, jsonrpc2.ID(id))) }
