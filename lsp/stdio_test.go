package lsp

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

type closeRecorder struct {
	bytes.Buffer
	closed int
	err    error
}

func (c *closeRecorder) Close() error { c.closed++; return c.err }

type closingReader struct {
	io.Reader
	closed int
}

func (c *closingReader) Close() error {
	c.closed++
	if c.closed > 1 {
		return os.ErrClosed
	}
	return nil
}

func TestStdio(t *testing.T) {
	in := &closingReader{Reader: strings.NewReader("ping")}
	out := &closeRecorder{}
	rwc := NewStdio(in, out)
	buf := make([]byte, 8)
	n, err := rwc.Read(buf)
	if err != nil || string(buf[:n]) != "ping" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	if _, err := rwc.Write([]byte("pong")); err != nil || out.String() != "pong" {
		t.Fatalf("Write: %q, %v", out.String(), err)
	}
	if err := rwc.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := rwc.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if out.closed != 1 || in.closed != 1 {
		t.Errorf("closed writer %d and reader %d times, want once each", out.closed, in.closed)
	}
}

func TestStdioCloseError(t *testing.T) {
	out := &closeRecorder{err: errors.New("disk gone")}
	// A plain reader (no Close) is left alone.
	if err := NewStdio(strings.NewReader(""), out).Close(); err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("Close error = %v, want the writer's", err)
	}
}

// TestStdioOverPipes runs the Stream over real OS pipes, as on stdin/stdout.
func TestStdioOverPipes(t *testing.T) {
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer inW.Close()
	defer outR.Close()
	s := NewStream(NewStdio(inR, outW), StreamOptions{})
	go func() { _, _ = inW.WriteString(frame("{bad") + frame(okCall)) }()
	msg, _, err := s.Read(t.Context())
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if m, ok := msg.(interface{ Method() string }); !ok || m.Method() != "ok" {
		t.Errorf("read %v, want the ok call after the bad one", msg)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	reply, err := io.ReadAll(outR)
	if err != nil || !strings.Contains(string(reply), `"code":-32700`) {
		t.Errorf("stdout got %q, %v; want a parse error reply", reply, err)
	}
}
