// stream.go frames JSON-RPC messages with LSP base-protocol headers and survives bad input.

package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// DefaultMaxMessageSize bounds one message body: larger bodies are skipped, not buffered.
const DefaultMaxMessageSize = 64 << 20

// maxHeaderLine bounds the memory kept for one header line; longer lines are garbage whose
// tail is still searched for a Content-Length header.
const maxHeaderLine = 4 << 10

// StreamOptions configures NewStream; the zero value is usable.
type StreamOptions struct {
	Logger         *zap.Logger // nil: zap.NewNop()
	MaxMessageSize int64       // 0: DefaultMaxMessageSize
	// OnNullIDError receives error responses whose id is null: the peer's answer to a message
	// it could not parse. Such responses match no call, so without this they are only logged.
	OnNullIDError func(*jsonrpc2.Error)
}

// Stream is a jsonrpc2.Stream for the LSP base protocol ("Content-Length: N\r\n\r\n" + body).
//
// NOTE: jsonrpc2.NewStream (v0.10 and v1) closes the connection on the first malformed
// message: bad JSON, a non-message, id 1.5, jsonrpc "1.0", bad headers or a huge length.
// This Stream instead answers an invalid JSON body with a -32700 error (id null), a valid
// JSON value that is not a message with -32600, skips header blocks it cannot use until the
// next Content-Length header, and only returns an error when the transport fails.
//
// As jsonrpc2 v1's own streams, Read lends a request's method and params: they are valid
// until the next Read, and whoever keeps them (a client recording what the server sent)
// keeps copies.
type Stream struct {
	rwc           io.ReadWriteCloser
	in            *bufio.Reader // only used by Read, which jsonrpc2.Conn calls from one goroutine
	log           *zap.Logger
	maxSize       int64
	onNullIDError func(*jsonrpc2.Error)

	writeMu sync.Mutex // serialises Write with the error replies that Read sends itself
	lends   lender     // reply buffers to give back once written

	// body is the buffer bodies up to keptBody are read into, again for
	// each message: jsonrpc2 v1 lends a request's method and params to its
	// handler only until the next Read (Async copies them for a request
	// that detaches), and every handler decodes its params into values of
	// its own. Only Read uses it.
	body []byte
}

// keptBody is the largest body buffer kept for the next message; a bigger
// body (a didOpen of a long chapter) gets a buffer of its own.
const keptBody = 64 << 10

// poisonBodies makes Read overwrite the last body before it reads the
// next into the same buffer, so that a test sees any value that kept
// a borrowed byte of it (set by the package's tests).
var poisonBodies bool

var _ jsonrpc2.Stream = (*Stream)(nil)

// NewStream returns a Stream over rwc.
func NewStream(rwc io.ReadWriteCloser, opts StreamOptions) *Stream {
	s := &Stream{
		rwc:           rwc,
		in:            bufio.NewReader(rwc),
		log:           opts.Logger,
		maxSize:       opts.MaxMessageSize,
		onNullIDError: opts.OnNullIDError,
	}
	if s.log == nil {
		s.log = zap.NewNop()
	}
	if s.maxSize <= 0 {
		s.maxSize = DefaultMaxMessageSize
	}
	return s
}

// Read returns the next message. It returns io.EOF when the peer closes between messages and
// another error only when the transport fails; bad messages are answered and skipped. When
// reading ends, a Chain serving the connection is told (see readEndKey).
func (s *Stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	msg, n, err := s.read(ctx)
	if err != nil {
		if ended, ok := ctx.Value(readEndKey{}).(func()); ok {
			ended()
		}
	}
	return msg, n, err
}

func (s *Stream) read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, total, err
		}
		length, n, err := s.readHeader()
		total += n
		if err != nil {
			return nil, total, err
		}
		if length > s.maxSize {
			// Skip the body without buffering it; the sender learns why from the reply.
			n, err := io.CopyN(io.Discard, s.in, length)
			total += n
			if err != nil {
				return nil, total, fmt.Errorf("skip %d-byte body: %w", length, unexpected(err))
			}
			msg := fmt.Sprintf("message of %d bytes exceeds the limit of %d bytes", length, s.maxSize)
			s.log.Error("message too large, skipped", zap.Int64("bytes", length), zap.Int64("limit", s.maxSize))
			s.replyError(ctx, nil, jsonrpc2.InvalidRequest, msg)
			continue
		}
		body := s.bodyBuffer(length)
		if _, err := io.ReadFull(s.in, body); err != nil {
			return nil, total, fmt.Errorf("read %d-byte body: %w", length, unexpected(err))
		}
		total += length
		if msg := s.decode(ctx, body); msg != nil {
			return msg, total, nil
		}
	}
}

// bodyBuffer returns a buffer of n bytes for the next body: the kept one
// when n is at most keptBody.
func (s *Stream) bodyBuffer(n int64) []byte {
	if n > keptBody {
		return make([]byte, n)
	}
	if poisonBodies {
		for i := range s.body {
			s.body[i] = '\x01'
		}
	}
	if int64(cap(s.body)) < n {
		s.body = make([]byte, n, max(n, 4<<10))
	}
	s.body = s.body[:n]
	return s.body
}

// readHeader reads one header block and returns its Content-Length. Header names are
// case-insensitive and unknown headers (Content-Type, …) are ignored. A block without a
// usable Content-Length, and lines that are not headers, are logged and skipped until a
// line carrying a Content-Length header resynchronises the stream.
func (s *Stream) readHeader() (length, total int64, err error) {
	length = -1      // -1: no Content-Length yet in this block
	inBlock := false // a header line of the current block was read
	for {
		raw, n, err := s.readLine()
		total += n
		if err != nil {
			if errors.Is(err, io.EOF) && !inBlock && len(bytes.TrimSpace(raw)) == 0 {
				return 0, total, io.EOF
			}
			return 0, total, fmt.Errorf("read header: %w", unexpected(err))
		}
		if len(raw) == 0 {
			if !inBlock {
				continue // tolerate blank lines between messages
			}
			if length >= 0 {
				return length, total, nil
			}
			s.log.Warn("header block without a valid Content-Length, skipped")
			length, inBlock = -1, false
			continue
		}
		// What every client sends is read without the general parse.
		v, isLength := plainContentLength(raw)
		if !isLength {
			line := string(raw)
			name, value, ok := parseHeader(line)
			if i := indexFold(line, "content-length:"); i > 0 {
				// A header glued to the tail of a mis-framed body (its Content-Length was too
				// short, or it had none): resynchronise on it.
				s.log.Warn("resynchronised on a Content-Length header", zap.Int("skipped", i))
				name, value, ok = parseHeader(line[i:])
				length = -1
			}
			if !ok {
				s.log.Warn("skipped bytes that are not a header", zap.Int64("bytes", n))
				length, inBlock = -1, false
				continue
			}
			if isLength = strings.EqualFold(name, "Content-Length"); isLength {
				if v, err = strconv.ParseInt(value, 10, 64); err != nil || v < 0 {
					s.log.Warn("invalid Content-Length", zap.String("value", value))
					v = -2 // poisons the block: its body length is unknown
				}
			}
		}
		inBlock = true
		if isLength && length != -2 {
			length = v
		}
	}
}

// plainContentLength reads a line of exactly "Content-Length: " and 1 to 18
// digits, the header every client writes: the general parse in readHeader
// gives the same length for it (TestPlainContentLengthIsTheGeneralParse).
func plainContentLength(line []byte) (int64, bool) {
	const prefix = "Content-Length: "
	digits, ok := bytes.CutPrefix(line, []byte(prefix))
	if !ok || len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// readLine returns one line without its terminator and the number of bytes consumed. Of an
// over-long line only the tail is kept, which is where a glued header would be. The line is
// valid until the next read: it is usually the reader's own buffer.
func (s *Stream) readLine() ([]byte, int64, error) {
	var buf []byte
	var total int64
	for {
		chunk, err := s.in.ReadSlice('\n')
		total += int64(len(chunk))
		if buf == nil && !errors.Is(err, bufio.ErrBufferFull) {
			// The whole line in the reader's buffer: the usual case.
			return trimEOL(chunk), total, err
		}
		buf = append(buf, chunk...)
		if len(buf) > maxHeaderLine {
			buf = append([]byte(nil), buf[len(buf)-maxHeaderLine:]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return trimEOL(buf), total, err
	}
}

// trimEOL is bytes.TrimRight(b, "\r\n") without building a cutset.
func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// parseHeader splits "Name: value"; the name must be an RFC 7230 token.
func parseHeader(line string) (name, value string, ok bool) {
	name, value, ok = strings.Cut(line, ":")
	if !ok || name == "" {
		return "", "", false
	}
	for _, c := range []byte(name) {
		if !isTokenChar(c) {
			return "", "", false
		}
	}
	return name, strings.TrimSpace(value), true
}

func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// indexFold is strings.Index ignoring ASCII case; substr must be lower-case ASCII. Unlike
// strings.ToLower it never changes byte offsets (invalid UTF-8 would become U+FFFD).
func indexFold(s, substr string) int {
	for i := 0; i+len(substr) <= len(s); i++ {
		j := 0
		for j < len(substr) && foldEq(s[i+j], substr[j]) {
			j++
		}
		if j == len(substr) {
			return i
		}
	}
	return -1
}

// foldEq reports whether c matches the lower-case byte want: letters fold case, others are equal.
func foldEq(c, want byte) bool {
	if 'a' <= want && want <= 'z' {
		return c|0x20 == want
	}
	return c == want
}

// decode turns a body into a message, or answers it and returns nil.
func (s *Stream) decode(ctx context.Context, body []byte) jsonrpc2.Message {
	if !validJSON(body) {
		s.log.Warn("body is not valid JSON", zap.Int("bytes", len(body)))
		s.replyError(ctx, nil, jsonrpc2.ParseError, "parse error: message body is not valid JSON")
		return nil
	}
	msg, err := jsonrpc2.DecodeMessage(body)
	if resp, ok := msg.(*jsonrpc2.Response); ok && err == nil && !resp.ID().IsValid() {
		// NOTE: jsonrpc2 v1 decodes a response with a null id and its Conn
		// drops it silently: the peer's answer to a message it could not
		// parse. Hand it to OnNullIDError instead.
		var rpcErr *jsonrpc2.Error
		if errors.As(resp.Err(), &rpcErr) && s.onNullIDError != nil {
			s.onNullIDError(rpcErr)
			return nil
		}
		s.log.Warn("dropped a response that matches no call", zap.ByteString("body", truncate(body)))
		return nil
	}
	if err == nil {
		return msg
	}
	// Valid JSON but not a JSON-RPC message: find out what it tried to be.
	var probe struct {
		ID     json.RawMessage `json:"id"`
		Method json.RawMessage `json:"method"`
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &probe) == nil && probe.Method == nil && (probe.Result != nil || probe.Error != nil) {
		// A response: never answered, or two peers could echo errors forever.
		var rpcErr jsonrpc2.Error
		if isNull(probe.ID) && probe.Error != nil && json.Unmarshal(probe.Error, &rpcErr) == nil && s.onNullIDError != nil {
			s.onNullIDError(&rpcErr)
			return nil
		}
		s.log.Warn("dropped a response that matches no call", zap.ByteString("body", truncate(body)), zap.Error(err))
		return nil
	}
	s.log.Warn("invalid request", zap.ByteString("body", truncate(body)), zap.Error(err))
	var id json.RawMessage
	if isIDValue(probe.ID) {
		id = probe.ID
	}
	s.replyError(ctx, id, jsonrpc2.InvalidRequest, "invalid request: "+err.Error())
	return nil
}

// Write sends msg as one framed write.
func (s *Stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// NOTE: jsonrpc2 v1's messages have no MarshalJSON: AppendMessage
	// writes their envelope, results and params as they are. The body is
	// encoded after room for its header, which then goes in front of it:
	// one write, and no copy of the body.
	buf := frameBuffers.Get().(*[]byte)
	b := jsonrpc2.AppendMessage((*buf)[:headerRoom], msg)
	n, err := s.writeFramed(b)
	s.lends.written(b[headerRoom:])
	if cap(b) <= 1<<20 { // a rare huge body: let it go
		*buf = b
		frameBuffers.Put(buf)
	}
	return n, err
}

// headerRoom is the room left in front of a body for its header:
// "Content-Length: " and 19 digits and CRLF CRLF.
const headerRoom = 40

// frameBuffers recycles the buffers Write encodes messages in: the bytes
// are written before Write returns, and not kept.
var frameBuffers = sync.Pool{New: func() any { b := make([]byte, headerRoom, 4<<10); return &b }}

// Close closes the underlying connection, unblocking Read.
func (s *Stream) Close() error { return s.rwc.Close() }

// replyError sends an error response with id (a raw JSON string or number) or null.
func (s *Stream) replyError(ctx context.Context, id json.RawMessage, code jsonrpc2.Code, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	type wireErr struct {
		Code    jsonrpc2.Code `json:"code"`
		Message string        `json:"message"`
	}
	body, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   wireErr         `json:"error"`
	}{jsonrpc2.Version, id, wireErr{code, message}})
	if err == nil && ctx.Err() == nil {
		_, err = s.writeFramed(append(make([]byte, headerRoom, headerRoom+len(body)), body...))
	}
	if err != nil {
		s.log.Warn("could not send error reply", zap.Int32("code", int32(code)), zap.Error(err))
	}
}

// writeFramed writes the body b[headerRoom:] as one message: its header
// goes in the room left before it, and the whole frame in one write,
// atomically with respect to other writes.
func (s *Stream) writeFramed(b []byte) (int64, error) {
	var room [headerRoom]byte
	header := strconv.AppendInt(append(room[:0], "Content-Length: "...), int64(len(b)-headerRoom), 10)
	header = append(header, "\r\n\r\n"...)
	frame := b[headerRoom-len(header):]
	copy(frame, header)
	s.writeMu.Lock()
	n, err := s.rwc.Write(frame)
	s.writeMu.Unlock()
	if err != nil {
		return int64(n), fmt.Errorf("write message: %w", err)
	}
	return int64(n), nil
}

// unexpected reports a mid-message EOF as io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

func isNull(raw json.RawMessage) bool {
	return raw == nil || string(bytes.TrimSpace(raw)) == "null"
}

// isIDValue reports whether raw is a JSON string or number, the two legal id types.
func isIDValue(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return false
	}
	c := raw[0]
	return c == '"' || c == '-' || ('0' <= c && c <= '9')
}

func truncate(b []byte) []byte {
	const limit = 200
	if len(b) > limit {
		return b[:limit]
	}
	return b
}

// appendID appends id as JSON: a number or a string.
//
// NOTE: jsonrpc2 v1's ID has no MarshalJSON (json.Marshal gives {}).
func appendID(dst []byte, id jsonrpc2.ID) []byte {
	if n, ok := id.Number(); ok {
		return strconv.AppendInt(dst, n, 10)
	}
	if str, ok := id.StringValue(); ok {
		b, _ := json.Marshal(str)
		return append(dst, b...)
	}
	return append(dst, "null"...)
}
