package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// Completion lists are encoded in pooled buffers that the Stream gives
// back once each reply is written. Replies to many completions in flight
// at once must each be whole and right, and every buffer must come back
// (jsonrpc2 v1 writes a reply after its handler returns: without the
// lender no buffer ever does).
func TestCompletionBuffersComeBackAfterTheReply(t *testing.T) {
	send, replies := servePipe(t)

	var book strings.Builder
	for i := range 300 {
		fmt.Fprintf(&book, ".bookmark anchor-%d\n+ Section %d\n", i, i)
	}
	book.WriteString("See [#\n")
	line := 600
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	text, _ := json.Marshal(book.String())
	send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nowhere/chapter1.txt","languageId":"zguide","version":1,"text":` + string(text) + `}}}`)
	waitReply(t, replies, "1")

	before := givenBack.Load()
	const n = 40
	for id := 100; id < 100+n; id++ {
		send(`{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///nowhere/chapter1.txt"},"position":{"line":` + strconv.Itoa(line) + `,"character":6}}}`)
	}
	var first json.RawMessage
	for range n {
		r := waitReply(t, replies, "")
		var list struct {
			Items []struct{ Label string } `json:"items"`
		}
		if err := json.Unmarshal(r["result"], &list); err != nil {
			t.Fatalf("reply %s: %v", r["id"], err)
		}
		if len(list.Items) < 300 || list.Items[0].Label != "anchor-0" {
			t.Fatalf("reply %s: %d items, first %+v; want the 300 bookmarks from anchor-0", r["id"], len(list.Items), list.Items[:1])
		}
		if first == nil {
			first = r["result"]
		} else if string(r["result"]) != string(first) {
			t.Fatalf("reply %s differs from the first reply", r["id"])
		}
	}
	if got := givenBack.Load() - before; got < n {
		t.Errorf("%d of %d completion buffers given back after their replies", got, n)
	}
}

// servePipe serves a server on one end of a pipe and returns a function
// that sends a framed message on the other, and the responses read there.
func servePipe(t *testing.T) (send func(body string), replies <-chan map[string]json.RawMessage) {
	server, client := net.Pipe()
	t.Cleanup(func() { client.Close() })
	go func() { _, _ = Serve(t.Context(), server, Options{Version: "test"}) }()
	out := make(chan map[string]json.RawMessage, 512)
	go readReplies(client, out)
	return func(body string) {
		t.Helper()
		if _, err := io.WriteString(client, frame(body)); err != nil {
			t.Fatal(err)
		}
	}, out
}

// readReplies sends every response the server writes on r to out.
func readReplies(r io.Reader, out chan<- map[string]json.RawMessage) {
	in := bufio.NewReader(r)
	for {
		var size int
		for {
			h, err := in.ReadString('\n')
			if err != nil {
				return
			}
			if h == "\r\n" {
				break
			}
			if v, ok := strings.CutPrefix(h, "Content-Length: "); ok {
				size, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		body := make([]byte, size)
		if _, err := io.ReadFull(in, body); err != nil {
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil && m["id"] != nil && m["method"] == nil {
			out <- m
		}
	}
}

// waitReply returns the next response (with the given id, if not "").
func waitReply(t *testing.T, replies <-chan map[string]json.RawMessage, id string) map[string]json.RawMessage {
	t.Helper()
	for {
		select {
		case r := <-replies:
			if id == "" || string(r["id"]) == id {
				return r
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no reply (id %q) within 10 s", id)
		}
	}
}

// Hovers, definitions and references are encoded in pooled buffers too.
// Many in flight at once, while a didChange makes them run concurrently
// (no longer on the reader), each reply must be whole and equal to the
// others of its kind, and the buffers must come back.
func TestPositionQueryBuffersComeBackAfterTheReply(t *testing.T) {
	send, replies := servePipe(t)

	book := "+ Calm\n\nA calm **first** paragraph, see [#Chapter-Calm] and [#Chapter-Calm].\n\n+ Busy\n\nBack to [#Chapter-Calm].\n"
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"textDocument":{"hover":{"contentFormat":["markdown"]}}}}}`)
	send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	text, _ := json.Marshal(book)
	send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nowhere/chapter1.txt","languageId":"zguide","version":1,"text":` + string(text) + `}}}`)
	waitReply(t, replies, "1")

	methods := []string{"textDocument/hover", "textDocument/definition", "textDocument/references"}
	before := givenBack.Load()
	const n = 30
	kind := map[string]string{}
	for i := range n {
		if i == n/2 {
			// The book changes nothing a query sees, but the snapshot is rebuilt.
			send(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere/chapter1.txt","version":2},"contentChanges":[{"text":` + string(text) + `}]}}`)
		}
		for k, m := range methods {
			id := strconv.Itoa(100 + i*len(methods) + k)
			kind[id] = m
			send(`{"jsonrpc":"2.0","id":` + id + `,"method":"` + m + `","params":{"textDocument":{"uri":"file:///nowhere/chapter1.txt"},"position":{"line":2,"character":36},"context":{"includeDeclaration":true}}}`)
		}
	}
	first := map[string]json.RawMessage{}
	for range n * len(methods) {
		r := waitReply(t, replies, "")
		m := kind[string(r["id"])]
		if f, ok := first[m]; !ok {
			first[m] = r["result"]
		} else if string(r["result"]) != string(f) {
			t.Fatalf("%s reply %s differs from the first:\n%s\n%s", m, r["id"], r["result"], f)
		}
	}
	for _, m := range methods {
		if r := string(first[m]); r == "" || r == "null" {
			t.Errorf("%s: result %q", m, r)
		}
	}
	if !strings.Contains(string(first["textDocument/hover"]), `**Chapter 1 - Calm**`) {
		t.Errorf("hover %s: not the section's", first["textDocument/hover"])
	}
	if got := givenBack.Load() - before; got < n*int64(len(methods))*9/10 {
		t.Errorf("%d of %d reply buffers given back after their replies", got, n*len(methods))
	}
}

// The lender gives a buffer back only for the reply that carries it: by
// the reply's id (a number or a string) and its result's bytes; it refuses
// a second reply under an id still waiting, and more than maxLent.
func TestLenderMatchesRepliesByIDAndResult(t *testing.T) {
	var l lender
	buf := func(s string) *[]byte { b := []byte(s); return &b }
	num, str := jsonrpc2.NewNumberID(7), jsonrpc2.NewStringID(`a"b`)
	one, two := buf(`[1]`), buf(`{"x":2}`)
	if !l.lend(num, one) || !l.lend(str, two) {
		t.Fatal("lend refused with nothing waiting")
	}
	if l.lend(num, buf(`[3]`)) {
		t.Fatal("a second reply lent under id 7 while the first waits")
	}
	back := givenBack.Load()
	l.written([]byte(`{"jsonrpc":"2.0","id":7,"result":[9]}`)) // another result: not its reply
	l.written([]byte(`{"jsonrpc":"2.0","id":8,"result":[1]}`)) // another id
	if got := givenBack.Load() - back; got != 0 || l.count.Load() != 2 {
		t.Fatalf("given back %d, %d waiting; want 0 and 2", got, l.count.Load())
	}
	l.written([]byte(`{"jsonrpc":"2.0","id":"a\"b","result":{"x":2}}`))
	l.written([]byte(`{"jsonrpc":"2.0","id":7,"result":[1]}`))
	if got := givenBack.Load() - back; got != 2 || l.count.Load() != 0 {
		t.Fatalf("given back %d, %d waiting; want 2 and 0", got, l.count.Load())
	}
	for i := range maxLent {
		if !l.lend(jsonrpc2.NewNumberID(int64(i)), buf(`[]`)) {
			t.Fatalf("lend %d refused under the bound", i)
		}
	}
	if l.lend(jsonrpc2.NewNumberID(maxLent), buf(`[]`)) {
		t.Fatal("more than maxLent lent")
	}
}
