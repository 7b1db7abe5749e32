// lent.go gives a reply's buffer back once the reply is written. A
// completion list is encoded into a buffer of a pool (it can be 100 KB or
// more per keystroke); jsonrpc2 v1 writes a reply after its handler has
// returned, so the handler cannot give the buffer back itself. The chain
// lends it to the Stream under the reply's id, and the Stream gives it back
// after writing the reply that carries it.

package lsp

import (
	"bytes"
	"slices"
	"sync"
	"sync/atomic"

	"go.lsp.dev/jsonrpc2"
)

// lentJSON is an encodedJSON in a buffer of listBuffers.
type lentJSON struct{ buf *[]byte }

// MarshalJSON returns the encoded bytes, still lent.
func (l lentJSON) MarshalJSON() ([]byte, error) { return encodedJSON(*l.buf).MarshalJSON() }

// listBuffers are the buffers completion lists and other replies are
// encoded in, and hovers written in.
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

// putListBuffer gives a buffer back to listBuffers, unless it grew past
// maxKept.
func putListBuffer(bp *[]byte) {
	if cap(*bp) <= maxKept {
		*bp = (*bp)[:0]
		listBuffers.Put(bp)
	}
}

// maxLent bounds the replies waiting to be written with a lent buffer: a
// reply that is never written (the connection closed first, or jsonrpc2
// wrote it in a batch) leaves its entry behind.
const maxLent = 64

// maxKept is the largest buffer put back in the pool.
const maxKept = 4 << 20

// givenBack counts the buffers given back (for tests).
var givenBack atomic.Int64

// lender holds the buffers lent to replies not yet written, with the ids
// of those replies. There are a few at most (maxLent): a list scanned
// costs less than a map, whose string keys a lend would allocate.
type lender struct {
	mu    sync.Mutex
	lent  []lentReply
	count atomic.Int32 // len(lent), read without the lock by every Write
}

type lentReply struct {
	id  jsonrpc2.ID
	buf *[]byte
}

// find is the index in l.lent of the reply whose id's JSON text is key, or
// -1. Its caller holds l.mu.
func (l *lender) find(key []byte) int {
	var scratch [24]byte // an int64 id's text: no allocation
	for i, r := range l.lent {
		if bytes.Equal(appendID(scratch[:0], r.id), key) {
			return i
		}
	}
	return -1
}

// lend records that the reply to id carries buf. It refuses (false) when
// another reply with that id is waiting: a client reusing an id must not
// get a buffer back before its reply is written.
func (l *lender) lend(id jsonrpc2.ID, buf *[]byte) bool {
	var scratch [24]byte
	key := appendID(scratch[:0], id)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lent) >= maxLent || l.find(key) >= 0 {
		return false
	}
	l.lent = append(l.lent, lentReply{id, buf})
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
	i := l.find(key)
	if i < 0 || !bytes.HasPrefix(result, *l.lent[i].buf) {
		l.mu.Unlock()
		return
	}
	buf := l.lent[i].buf
	l.lent = slices.Delete(l.lent, i, i+1)
	l.count.Add(-1)
	l.mu.Unlock()
	givenBack.Add(1)
	putListBuffer(buf)
}
