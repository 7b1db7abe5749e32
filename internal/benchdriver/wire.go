package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// wireClient speaks the LSP base protocol to the server with as little
// work of its own as a client can do: it frames what it sends and reads
// only each message's envelope (the id, the method, the URI a
// publishDiagnostics is about), skipping results unparsed. A latency is
// then the server's and the pipe's, from the request written to the
// response's last byte read, not the time a client spends decoding a
// result the benchmark throws away.
type wireClient struct {
	w   io.Writer
	wmu sync.Mutex

	mu        sync.Mutex
	nextID    int
	pending   map[int]chan error
	published map[string]int // publishes per URI
	keep      map[int][]byte // ids whose whole response is kept (keepNext), then the response
	changed   chan struct{}
	failed    error
}

// startClient starts a server program and a client on its stdio.
func startClient(bin string, args ...string) (*exec.Cmd, *wireClient) {
	cmd := exec.Command(bin, args...)
	in, _ := cmd.StdinPipe()
	outp, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	check(cmd.Start())
	return cmd, newWireClient(outp, in)
}

func newWireClient(r io.Reader, w io.Writer) *wireClient {
	c := &wireClient{w: w, pending: map[int]chan error{}, published: map[string]int{}, changed: make(chan struct{}, 1)}
	go c.read(bufio.NewReaderSize(r, 1<<16))
	return c
}

// frame encodes a message; it is built before a timer starts.
func frame(msg map[string]any) []byte {
	body, err := json.Marshal(msg)
	check(err)
	return append([]byte("Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"), body...)
}

func (c *wireClient) write(data []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.w.Write(data)
	check(err)
}

// request frames a call; send it with do.
func (c *wireClient) request(method string, params any) (int, []byte) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.mu.Unlock()
	return id, frame(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

// do writes a framed call and waits for its response.
func (c *wireClient) do(id int, data []byte) {
	done := make(chan error, 1)
	c.mu.Lock()
	c.pending[id] = done
	c.mu.Unlock()
	c.write(data)
	check(<-done)
}

// doKept is do that returns the response's result, unparsed.
func (c *wireClient) doKept(id int, data []byte) jsontext.Value {
	c.mu.Lock()
	if c.keep == nil {
		c.keep = map[int][]byte{}
	}
	c.keep[id] = nil
	c.mu.Unlock()
	c.do(id, data)
	c.mu.Lock()
	body := c.keep[id]
	delete(c.keep, id)
	c.mu.Unlock()
	var r struct {
		Result jsontext.Value `json:"result"`
	}
	check(json.Unmarshal(body, &r))
	return r.Result
}

func (c *wireClient) call(method string, params any) {
	c.do(c.request(method, params))
}

func (c *wireClient) notify(method string, params any) {
	c.write(frame(map[string]any{"jsonrpc": "2.0", "method": method, "params": params}))
}

func (c *wireClient) publishes(uri string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.published[uri]
}

// envelope is what the client reads of a message; other members (a
// result, the diagnostics) are skipped.
type envelope struct {
	ID     jsontext.Value `json:"id"`
	Method string         `json:"method"`
	Error  jsontext.Value `json:"error"`
	Params struct {
		URI string `json:"uri"`
	} `json:"params"`
}

func (c *wireClient) read(r *bufio.Reader) {
	for {
		body, err := readFrame(r)
		if err != nil {
			c.fail(err)
			return
		}
		var m envelope
		if err := json.Unmarshal(body, &m); err != nil {
			c.fail(fmt.Errorf("bad message %.200s: %w", body, err))
			return
		}
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			c.mu.Lock()
			c.published[m.Params.URI]++
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		case m.Method != "" && m.ID != nil:
			// A request of the server (configuration, registration, progress).
			c.write(frame(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil}))
		case m.Method == "":
			id, _ := strconv.Atoi(string(m.ID))
			c.mu.Lock()
			done := c.pending[id]
			delete(c.pending, id)
			if _, ok := c.keep[id]; ok {
				c.keep[id] = body
			}
			c.mu.Unlock()
			if done != nil {
				var err error
				if m.Error != nil {
					err = fmt.Errorf("request %d failed: %s", id, m.Error)
				}
				done <- err
			}
		}
	}
}

// fail ends every pending call: the server is gone.
func (c *wireClient) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed == nil {
		c.failed = err
	}
	for id, done := range c.pending {
		done <- fmt.Errorf("connection: %w", err)
		delete(c.pending, id)
	}
}
