// lent.go gives a reply's buffer back once the reply is written. A
// completion list is encoded into a buffer of a pool (it can be 100 KB or
// more per keystroke); jsonrpc2 v1 writes a reply after its handler has
// returned, so the handler cannot give the buffer back itself. The chain
// lends it to the Stream under the reply's id, and the Stream gives it back
// after writing the reply that carries it.

package lsp

import (
	"bytes"
	"sync"
	"sync/atomic"

	"go.lsp.dev/jsonrpc2"
)

// lentJSON is an encodedJSON in a buffer of listBuffers.
type lentJSON struct{ buf *[]byte }

// MarshalJSON returns the encoded bytes, still lent.
func (l lentJSON) MarshalJSON() ([]byte, error) { return encodedJSON(*l.buf).MarshalJSON() }

// listBuffers are the buffers completion lists are encoded in.
var listBuffers = sync.Pool{New: func() any { return new([]byte) }}

// listBuffer returns an empty buffer of listBuffers with room for size bytes.
func listBuffer(size int) *[]byte {
	bp := listBuffers.Get().(*[]byte)
	if cap(*bp) < size {
		*bp = make([]byte, 0, size)
	}
	*bp = (*bp)[:0]
	return bp
}

// maxLent bounds the replies waiting to be written with a lent buffer: a
// reply that is never written (the connection closed first, or jsonrpc2
// wrote it in a batch) leaves its entry behind.
const maxLent = 64

// maxKept is the largest buffer put back in the pool.
const maxKept = 4 << 20

// givenBack counts the buffers given back (for tests).
var givenBack atomic.Int64

// lender holds the buffers lent to replies not yet written, by the JSON
// text of the reply's id.
type lender struct {
	mu    sync.Mutex
	lent  map[string]*[]byte
	count atomic.Int32 // len(lent), read without the lock by every Write
}

// lend records that the reply to id carries buf. It refuses (false) when
// another reply with that id is waiting: a client reusing an id must not
// get a buffer back before its reply is written.
func (l *lender) lend(id jsonrpc2.ID, buf *[]byte) bool {
	key := string(appendID(nil, id))
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lent == nil {
		l.lent = map[string]*[]byte{}
	}
	if _, waiting := l.lent[key]; waiting || len(l.lent) >= maxLent {
		return false
	}
	l.lent[key] = buf
	l.count.Add(1)
	return true
}

// responsePrefix is how jsonrpc2.AppendMessage starts a response.
var responsePrefix = []byte(`{"jsonrpc":"2.0","id":`)

// written gives back the buffer lent to the reply in body, a message just
// written: the one lent under its id whose bytes are its result.
func (l *lender) written(body []byte) {
	if l.count.Load() == 0 || !bytes.HasPrefix(body, responsePrefix) {
		return
	}
	rest := body[len(responsePrefix):]
	end := bytes.Index(rest, []byte(`,"result":`))
	if end < 0 {
		return
	}
	key, result := rest[:end], rest[end+len(`,"result":`):]
	l.mu.Lock()
	buf := l.lent[string(key)]
	if buf == nil || !bytes.HasPrefix(result, *buf) {
		l.mu.Unlock()
		return
	}
	delete(l.lent, string(key))
	l.count.Add(-1)
	l.mu.Unlock()
	givenBack.Add(1)
	if cap(*buf) <= maxKept {
		listBuffers.Put(buf)
	}
}
