package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// pipeRWC reads a fixed input and records what is written back.
type pipeRWC struct {
	io.Reader
	mu  sync.Mutex
	out bytes.Buffer
}

func (p *pipeRWC) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *pipeRWC) Close() error { return nil }

// replies decodes the framed messages written back by the stream.
func (p *pipeRWC) replies(t *testing.T) []map[string]any {
	t.Helper()
	p.mu.Lock()
	data := p.out.String()
	p.mu.Unlock()
	var out []map[string]any
	for data != "" {
		header, rest, ok := strings.Cut(data, "\r\n\r\n")
		var n int
		if _, err := fmt.Sscanf(header, "Content-Length: %d", &n); !ok || err != nil || n > len(rest) {
			t.Fatalf("bad reply framing in %q", data)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(rest[:n]), &m); err != nil {
			t.Fatalf("reply body %q: %v", rest[:n], err)
		}
		out = append(out, m)
		data = rest[n:]
	}
	return out
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

const okCall = `{"jsonrpc":"2.0","id":1,"method":"ok"}`

// readAll reads messages until EOF and returns their methods (or "response").
func readAll(t *testing.T, s *Stream) []string {
	t.Helper()
	var got []string
	for {
		msg, _, err := s.Read(context.Background())
		if errors.Is(err, io.EOF) {
			return got
		}
		if err != nil {
			t.Fatalf("Read after %v: %v (the connection would close)", got, err)
		}
		switch m := msg.(type) {
		case jsonrpc2.RequestMessage:
			got = append(got, strings.Clone(m.Method())) // borrowed until the next Read
		case *jsonrpc2.Response:
			got = append(got, "response")
		}
	}
}

func errorCode(t *testing.T, reply map[string]any) int {
	t.Helper()
	e, ok := reply["error"].(map[string]any)
	if !ok {
		t.Fatalf("reply %v has no error", reply)
	}
	return int(e["code"].(float64))
}

func TestStreamReadsFramedMessages(t *testing.T) {
	input := frame(okCall) +
		"content-length: 40\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" +
		`{"jsonrpc":"2.0","method":"didX","x":1}` +
		"\r\n" + frame(`{"jsonrpc":"2.0","id":2,"result":null}`)
	rwc := &pipeRWC{Reader: strings.NewReader(input)}
	got := readAll(t, NewStream(rwc, StreamOptions{}))
	want := []string{"ok", "didX", "response"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("read %v, want %v", got, want)
	}
	if r := rwc.replies(t); len(r) != 0 {
		t.Errorf("well-formed input got error replies: %v", r)
	}
}

func TestStreamRecoversFromBadInput(t *testing.T) {
	tests := []struct {
		name      string
		input     string
		wantCodes []int  // error replies, in order
		wantID    any    // id of the first reply
		wantMsg   string // substring of the first reply's message
	}{
		{
			name:      "invalid JSON gets a parse error with null id",
			input:     frame(`{"jsonrpc":"2.0","id":1,`) + frame(okCall),
			wantCodes: []int{-32700},
			wantID:    nil,
		},
		{
			name:      "empty body is a parse error",
			input:     "Content-Length: 0\r\n\r\n" + frame(okCall),
			wantCodes: []int{-32700},
		},
		{
			name:  "missing Content-Length block is skipped",
			input: "Content-Type: x\r\n\r\n" + `{"jsonrpc":"2.0","method":"lost"}` + frame(okCall),
		},
		{
			name:  "bad Content-Length value is skipped",
			input: "Content-Length: ten\r\n\r\n" + `{"jsonrpc":"2.0","method":"lost"}` + "\n" + frame(okCall),
		},
		{
			name:  "negative Content-Length is skipped",
			input: "Content-Length: -5\r\n\r\n" + `{}` + frame(okCall),
		},
		{
			name: "too short Content-Length: parse error, then resynchronised",
			input: "Content-Length: 10\r\n\r\n" + `{"jsonrpc":"2.0","id":9,"method":"lost"}` +
				frame(okCall),
			wantCodes: []int{-32700},
		},
		{
			name:  "noise between messages is skipped",
			input: "hello\r\n\r\n\r\n" + frame(okCall),
		},
		{
			name:  "garbage longer than a header line, glued to the next header",
			input: strings.Repeat("x", 3*maxHeaderLine) + frame(okCall),
		},
		{
			name:      "batch arrays are invalid requests",
			input:     frame(`[{"jsonrpc":"2.0","id":1,"method":"a"}]`) + frame(okCall),
			wantCodes: []int{-32600},
			wantID:    nil,
		},
		{
			name:      "bad method keeps the id in the reply",
			input:     frame(`{"jsonrpc":"2.0","id":5,"method":7}`) + frame(okCall),
			wantCodes: []int{-32600},
			wantID:    5.0,
		},
		{
			name:      "wrong jsonrpc version keeps a string id",
			input:     frame(`{"jsonrpc":"1.0","id":"a","method":"x"}`) + frame(okCall),
			wantCodes: []int{-32600},
			wantID:    "a",
		},
		{
			name:      "an object id is replied to with null",
			input:     frame(`{"jsonrpc":"2.0","id":{},"method":"x"}`) + frame(okCall),
			wantCodes: []int{-32600},
			wantID:    nil,
		},
		{
			name:  "a null-id error response is not answered",
			input: frame(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}`) + frame(okCall),
		},
		{
			name:      "over the size limit: skipped with a clear error",
			input:     frame(`{"jsonrpc":"2.0","method":"big","params":"`+strings.Repeat("a", 200)+`"}`) + frame(okCall),
			wantCodes: []int{-32600},
			wantMsg:   "exceeds the limit of 128 bytes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rwc := &pipeRWC{Reader: strings.NewReader(tt.input)}
			got := readAll(t, NewStream(rwc, StreamOptions{MaxMessageSize: 128}))
			if fmt.Sprint(got) != "[ok]" {
				t.Errorf("read %v, want [ok]: the next message after bad input was lost", got)
			}
			replies := rwc.replies(t)
			if len(replies) != len(tt.wantCodes) {
				t.Fatalf("got %d error replies %v, want codes %v", len(replies), replies, tt.wantCodes)
			}
			for i, r := range replies {
				if code := errorCode(t, r); code != tt.wantCodes[i] {
					t.Errorf("reply %d code = %d, want %d", i, code, tt.wantCodes[i])
				}
				if id, ok := r["id"]; !ok {
					t.Errorf("reply %d has no id member; JSON-RPC requires id (null when unknown)", i)
				} else if i == 0 && id != tt.wantID {
					t.Errorf("reply id = %#v, want %#v", id, tt.wantID)
				}
			}
			if tt.wantMsg != "" {
				msg := replies[0]["error"].(map[string]any)["message"].(string)
				if !strings.Contains(msg, tt.wantMsg) {
					t.Errorf("error message %q does not say %q", msg, tt.wantMsg)
				}
			}
		})
	}
}

func TestStreamNullIDErrorCallback(t *testing.T) {
	var got []*jsonrpc2.Error
	rwc := &pipeRWC{Reader: strings.NewReader(
		frame(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}`) + frame(okCall))}
	s := NewStream(rwc, StreamOptions{OnNullIDError: func(e *jsonrpc2.Error) { got = append(got, e) }})
	if methods := readAll(t, s); fmt.Sprint(methods) != "[ok]" {
		t.Errorf("read %v, want [ok]", methods)
	}
	if len(got) != 1 || got[0].Code != jsonrpc2.ParseError || got[0].Message != "bad" {
		t.Errorf("OnNullIDError got %v, want one parse error \"bad\"", got)
	}
}

func TestStreamEOF(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantEOF bool // clean io.EOF rather than io.ErrUnexpectedEOF
	}{
		{"nothing", "", true},
		{"between messages", frame(okCall) + "\r\n", true},
		{"inside header", "Content-Length: 5\r\n", false},
		{"inside body", "Content-Length: 50\r\n\r\n{}", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStream(&pipeRWC{Reader: strings.NewReader(tt.input)}, StreamOptions{})
			var err error
			for err == nil {
				_, _, err = s.Read(context.Background())
			}
			if tt.wantEOF && err != io.EOF {
				t.Errorf("Read error = %v, want io.EOF", err)
			}
			if !tt.wantEOF && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("Read error = %v, want io.ErrUnexpectedEOF", err)
			}
		})
	}
}

func TestStreamWriteFraming(t *testing.T) {
	rwc := &pipeRWC{Reader: strings.NewReader("")}
	s := NewStream(rwc, StreamOptions{})
	resp := jsonrpc2.NewResponse(jsonrpc2.NewNumberID(3), mustJSON(map[string]string{"value": "<b>가</b>"}), nil)
	n, err := s.Write(context.Background(), resp)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	out := rwc.out.String()
	header, body, ok := strings.Cut(out, "\r\n\r\n")
	if !ok || header != fmt.Sprintf("Content-Length: %d", len(body)) {
		t.Fatalf("framing %q: want Content-Length of the %d-byte body", out, len(body))
	}
	if n != int64(len(out)) {
		t.Errorf("Write returned %d, wrote %d bytes", n, len(out))
	}
	var decoded struct {
		ID     int               `json:"id"`
		Result map[string]string `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &decoded); err != nil || decoded.ID != 3 || decoded.Result["value"] != "<b>가</b>" {
		t.Errorf("body %s decodes to %+v (%v), want id 3 and the value unchanged", body, decoded, err)
	}
	if _, err := s.Write(canceled(), resp); err == nil {
		t.Errorf("Write with a cancelled context succeeded")
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestStreamConcurrentWrites checks that messages written from many goroutines arrive whole.
func TestStreamConcurrentWrites(t *testing.T) {
	a, b := net.Pipe()
	writer, reader := NewStream(a, StreamOptions{}), NewStream(b, StreamOptions{})
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			note := jsonrpc2.NewNotification(fmt.Sprintf("m%d", i), mustJSON(strings.Repeat("p", 1000+i)))
			if _, err := writer.Write(context.Background(), note); err != nil {
				t.Errorf("Write %d: %v", i, err)
			}
		})
	}
	seen := map[string]bool{}
	for range n {
		msg, _, err := reader.Read(context.Background())
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		seen[strings.Clone(msg.(*jsonrpc2.Notification).Method())] = true // borrowed until the next Read
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("read %d distinct messages, want %d", len(seen), n)
	}
	_ = writer.Close()
	if _, _, err := reader.Read(context.Background()); err == nil {
		t.Errorf("Read after the peer closed returned no error")
	}
}

func TestIndexFold(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"Content-Length: 5", 0},
		{"}CONTENT-LENGTH: 5", 1},
		{"\xff\xfeContent-Length: 5", 2}, // invalid UTF-8 must not shift the index
		{"Content-Lengthy: 5", -1},
		{"Content_Length: 5", -1}, // only letters fold case
		{"content-length", -1},
	}
	for _, tt := range tests {
		if got := indexFold(tt.s, "content-length:"); got != tt.want {
			t.Errorf("indexFold(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func mustJSON(v any) jsonrpc2.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestPlainContentLengthIsTheGeneralParse holds readHeader's shortcut to its
// general parse: every line the shortcut takes, the general parse reads as a
// Content-Length header of the same value, with nothing to resynchronise on.
func TestPlainContentLengthIsTheGeneralParse(t *testing.T) {
	heads := []string{"Content-Length: ", "Content-Length:", "content-length: ", "Content-Length:  ",
		"Content-Length : ", "X-Content-Length: ", " Content-Length: ", "Content-Type: "}
	tails := []string{"0", "7", "0012", "232", "-1", "+5", "1 ", " 1", "1a", "", "999999999999999999",
		"9999999999999999999", "99999999999999999999", "1\r", "١٢"}
	taken := 0
	for _, h := range heads {
		for _, d := range tails {
			line := h + d
			v, ok := plainContentLength([]byte(line))
			if !ok {
				continue
			}
			taken++
			name, value, hok := parseHeader(line)
			general, err := strconv.ParseInt(value, 10, 64)
			if !hok || !strings.EqualFold(name, "Content-Length") || indexFold(line, "content-length:") != 0 ||
				err != nil || general < 0 || general != v {
				t.Errorf("%q: shortcut %d, general parse (%q, %q, %v) %d %v", line, v, name, value, hok, general, err)
			}
		}
	}
	// The shortcut must take what clients send, or it is dead code.
	for _, line := range []string{"Content-Length: 0", "Content-Length: 232", "Content-Length: 999999999999999999"} {
		if _, ok := plainContentLength([]byte(line)); !ok {
			t.Errorf("%q: not taken", line)
		}
	}
	if taken != 6 { // 0, 7, 0012, 232, 18 nines after "Content-Length: ", and " 1" after "Content-Length:"
		t.Errorf("the shortcut took %d lines, want 6", taken)
	}
}
