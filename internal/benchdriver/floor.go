package main

import (
	"bufio"
	stdjson "encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"go.lsp.dev/protocol"
)

// The floor is a server that does no work: it answers each request with
// the result the real server gave to the same request, recorded before.
// Its latency is what the pipe, the framing and the client cost; the
// real server's latency divided by it says what the work costs.
//
// There are two floors, both timed in the same run as the real server,
// request by request in turn with it (real, raw floor, JSON-RPC floor,
// real, …), so that a machine whose speed drifts (a shared host's steal
// time) slows the three alike:
//
//   - the raw floor (-floor FILE, serveFloor) reads a frame, finds the id
//     and method with a fast decoder and writes the recorded bytes: the
//     issue's "server that answers a fixed result without work";
//   - the JSON-RPC floor (-floor-json FILE, serveFloorJSON) does what any
//     JSON-RPC server over stdio must do and no analysis: it decodes the
//     whole request with encoding/json (params into the protocol's typed
//     struct), encodes the recorded result from a typed value with
//     encoding/json and frames it.

// floorResults are the recorded results, by method.
type floorResults map[string]jsontext.Value

// serveFloor is the floor server's main loop (benchdriver -floor FILE).
func serveFloor(resultsFile string) {
	data, err := os.ReadFile(resultsFile)
	check(err)
	var results floorResults
	check(json.Unmarshal(data, &results))
	floorLoop(func(body []byte) ([]byte, bool) {
		var m envelope
		check(json.Unmarshal(body, &m))
		if m.ID == nil {
			return nil, m.Method == "exit"
		}
		result, ok := results[m.Method]
		if !ok {
			result = jsontext.Value("null")
			if m.Method == "initialize" {
				result = jsontext.Value(`{"capabilities":{}}`)
			}
		}
		out := append(append(append([]byte(`{"jsonrpc":"2.0","id":`), m.ID...), `,"result":`...), result...)
		return append(out, '}'), false
	})
}

// floorLoop answers each message read from stdin with reply's bytes (nil:
// no answer, a notification) until reply says exit or the input ends.
func floorLoop(reply func(body []byte) (out []byte, exit bool)) {
	r := bufio.NewReaderSize(os.Stdin, 1<<16)
	w := bufio.NewWriter(os.Stdout)
	for {
		body, err := readFrame(r)
		if err != nil {
			return
		}
		out, exit := reply(body)
		if exit {
			return
		}
		if out == nil {
			continue
		}
		w.WriteString("Content-Length: " + strconv.Itoa(len(out)) + "\r\n\r\n")
		w.Write(out)
		check(w.Flush())
	}
}

// serveFloorJSON is the JSON-RPC floor's main loop (benchdriver
// -floor-json FILE): the recorded results are decoded once into typed
// values, and every response is encoded from them again.
func serveFloorJSON(resultsFile string) {
	data, err := os.ReadFile(resultsFile)
	check(err)
	var raw floorResults
	check(json.Unmarshal(data, &raw))
	results := map[string]any{}
	for method, r := range raw {
		v := typedResult(method)
		if err := stdjson.Unmarshal(r, v); err != nil {
			v = &r // not the expected shape (a single Location, null): kept as it is
		}
		results[method] = v
	}
	floorLoop(func(body []byte) ([]byte, bool) {
		var m struct {
			JSONRPC string              `json:"jsonrpc"`
			ID      *stdjson.RawMessage `json:"id"`
			Method  string              `json:"method"`
			Params  stdjson.RawMessage  `json:"params"`
		}
		check(stdjson.Unmarshal(body, &m))
		if p := typedParams(m.Method); p != nil {
			check(stdjson.Unmarshal(m.Params, p))
		}
		if m.ID == nil {
			return nil, m.Method == "exit"
		}
		result, ok := results[m.Method]
		if !ok {
			result = map[string]any{"capabilities": map[string]any{}}
			if m.Method != "initialize" {
				result = nil
			}
		}
		out, err := stdjson.Marshal(struct {
			JSONRPC string             `json:"jsonrpc"`
			ID      stdjson.RawMessage `json:"id"`
			Result  any                `json:"result"`
		}{"2.0", *m.ID, result})
		check(err)
		return out, false
	})
}

// typedParams is a new value of the params type of a method the floor is
// timed on, or nil.
func typedParams(method string) any {
	switch method {
	case "textDocument/definition":
		return new(protocol.DefinitionParams)
	case "textDocument/hover":
		return new(protocol.HoverParams)
	case "textDocument/references":
		return new(protocol.ReferenceParams)
	case "textDocument/completion":
		return new(protocol.CompletionParams)
	}
	return new(map[string]any)
}

// typedResult is a new value of the result type of a method.
func typedResult(method string) any {
	switch method {
	case "textDocument/definition", "textDocument/references":
		return new([]protocol.Location)
	case "textDocument/hover":
		return new(protocol.Hover)
	case "textDocument/completion":
		return new(protocol.CompletionList)
	}
	return new(any)
}

// readFrame reads one LSP message's body.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("a message without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

// floorProc is a floor server running beside the real one.
type floorProc struct {
	cmd  *exec.Cmd
	c    *wireClient
	file string // the recorded results it answers with
}

// startFloor starts a floor (this program with mode, -floor or
// -floor-json) that answers with the results recorded from the real
// server.
func startFloor(mode string, results floorResults) *floorProc {
	f, err := os.CreateTemp("", "bookmarks-floor-*.json")
	check(err)
	data, err := json.Marshal(results)
	check(err)
	_, err = f.Write(data)
	check(err)
	check(f.Close())
	self, err := os.Executable()
	check(err)
	cmd, c := startClient(self, mode, f.Name())
	c.call("initialize", map[string]any{"capabilities": map[string]any{}})
	return &floorProc{cmd: cmd, c: c, file: f.Name()}
}

// time sends one request and returns the time to its response.
func (f *floorProc) time(method string, params any) time.Duration {
	id, data := f.c.request(method, params)
	t0 := time.Now()
	f.c.do(id, data)
	return time.Since(t0)
}

func (f *floorProc) stop() {
	f.c.call("shutdown", nil)
	f.c.notify("exit", nil)
	_ = f.cmd.Wait()
	os.Remove(f.file)
}

// median of a set of latencies (sorted in place).
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sortDurations(d)
	return d[len(d)/2]
}
