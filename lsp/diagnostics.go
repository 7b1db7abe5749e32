// diagnostics.go publishes diagnostics for every file of every book, off
// the request path: edits wake the publisher, which drains the wake-ups
// already queued (so a burst is analysed once), rebuilds the dirty books
// and sends only what changed.

package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

type publisher struct {
	s      *Server
	wakeCh chan struct{}
	once   sync.Once
	quit   chan struct{}
	// last is what each URI showed after the previous publish, as JSON.
	last map[DocumentURI]string
	// lastSource is the analysis behind last: when a file's diagnostics
	// and bytes are unchanged, converting them again is skipped.
	lastSource map[DocumentURI]diagSource
	// published counts publish rounds, for tests and benchmarks.
	mu     sync.Mutex
	rounds int
	cond   *sync.Cond
}

func newPublisher(s *Server) *publisher {
	p := &publisher{s: s, wakeCh: make(chan struct{}, 1), quit: make(chan struct{}), last: map[DocumentURI]string{}, lastSource: map[DocumentURI]diagSource{}}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// wake asks for a publish round; wake-ups coalesce while one is pending.
func (p *publisher) wake() {
	select {
	case p.wakeCh <- struct{}{}:
	default:
	}
}

func (p *publisher) start() { p.once.Do(func() { go p.loop() }) }

func (p *publisher) stop() {
	select {
	case <-p.quit:
	default:
		close(p.quit)
	}
}

func (p *publisher) loop() {
	for {
		select {
		case <-p.quit:
			return
		case <-p.s.conn.Done():
			return // the client is gone: nobody to publish to
		case <-p.wakeCh:
		}
		p.safePublish()
		p.mu.Lock()
		p.rounds++
		p.cond.Broadcast()
		p.mu.Unlock()
	}
}

// safePublish runs a round and survives a panic in the analysis: the
// server keeps serving requests, and the stack is logged.
func (p *publisher) safePublish() {
	defer func() {
		if r := recover(); r != nil {
			p.s.log.Error("panic while publishing diagnostics", zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
		}
	}()
	p.publishAll(context.Background())
}

// keepPublished stands in a round for a file whose list is made from what
// its last one was made from: nothing to send.
var keepPublished = &protocol.PublishDiagnosticsParams{}

// publishAll rebuilds what is dirty and sends every changed file's list.
func (p *publisher) publishAll(ctx context.Context) {
	s := p.s
	// current holds every file's list this round, or keepPublished when
	// its last list still holds.
	current := make(map[DocumentURI]*protocol.PublishDiagnosticsParams, len(p.lastSource))
	var sourceBytes int64
	sessions := s.allSessions()
	for _, sess := range sessions {
		sess.mu.Lock()
		st := sess.settings
		sess.mu.Unlock()
		nested := sess.nested(sessions)
		for _, sn := range sess.snapshots() {
			for _, src := range sn.Project.Sources {
				sourceBytes += int64(len(src))
			}
			for path, ds := range fileDiagnostics(sn.Project) {
				u := sn.URI(path)
				if len(nested) > 0 && inAny(sess.abs(sn.book, path), nested) {
					continue // the innermost folder's session publishes it, with its settings
				}
				src := diagSource{sn.Project.Sources[path], ds, st}
				if prev, ok := p.lastSource[u]; ok && prev.same(src) {
					current[u] = keepPublished
					continue
				}
				p.lastSource[u] = src
				params := &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: sn.toProtocol(ds, st)}
				if d := sn.docs[path]; d != nil && d.Version >= 0 {
					params.Version = protocol.NewOptional(d.Version)
				}
				current[u] = params
			}
		}
	}
	if s.OnSourceSize != nil {
		s.OnSourceSize(sourceBytes)
	}
	var uris []DocumentURI // to publish: changed or gone
	for u, params := range current {
		if params != keepPublished {
			uris = append(uris, u)
		}
	}
	for u := range p.last {
		if current[u] == nil {
			uris = append(uris, u)
		}
	}
	sort.Slice(uris, func(i, j int) bool { return uris[i] < uris[j] })
	for _, u := range uris {
		params := current[u]
		if params == nil {
			delete(p.lastSource, u)
			params = &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}}
		}
		body, _ := json.Marshal(params.Diagnostics)
		if last, seen := p.last[u]; seen && last == string(body) {
			continue // every book file gets a first publish, even an empty one
		}
		if err := s.client.PublishDiagnostics(ctx, params); err != nil {
			s.log.Debug("publishDiagnostics failed", zap.String("uri", string(u)), zap.Error(err))
			continue
		}
		if current[u] == nil {
			delete(p.last, u)
		} else {
			p.last[u] = string(body)
		}
	}
}

// nested are the sessions of folders inside a session's folder.
func (sess *Session) nested(all []*Session) []*Session {
	var out []*Session
	for _, o := range all {
		if o == sess || o.root == sess.root {
			continue
		}
		if rel, err := filepath.Rel(sess.root, o.root); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			out = append(out, o)
		}
	}
	return out
}

// inAny reports whether a local file lies in one of the sessions' folders.
func inAny(abs string, sessions []*Session) bool {
	for _, o := range sessions {
		if _, ok := o.relPath(abs); ok {
			return true
		}
	}
	return false
}

// diagSource is what a file's published diagnostics were made from.
type diagSource struct {
	src      []byte
	diags    []analysis.Diagnostic
	settings Settings
}

func (a diagSource) same(b diagSource) bool {
	if !sameMemory(a.src, b.src) || !a.settings.equal(b.settings) || len(a.diags) != len(b.diags) {
		return false
	}
	for i := range a.diags {
		x, y := a.diags[i], b.diags[i]
		if x.Location != y.Location || x.Severity != y.Severity || x.Code != y.Code || x.Message != y.Message || len(x.Related) != len(y.Related) {
			return false
		}
		for j := range x.Related {
			if x.Related[j] != y.Related[j] {
				return false
			}
		}
	}
	return true
}

// fileDiagnostics lists every guide and bookmark file of a project with its
// diagnostics (possibly none), so that fixed files are cleared.
func fileDiagnostics(p *analysis.Project) map[string][]analysis.Diagnostic {
	out := map[string][]analysis.Diagnostic{}
	for _, g := range p.Layout.Guide {
		out[g] = nil
	}
	for path, ds := range p.Diagnostics {
		out[path] = ds
	}
	return out
}

// progress.go-like helper: $/progress around a long piece of work.
func (s *Server) beginProgress(ctx context.Context, title string) func() {
	s.mu.Lock()
	ok := s.caps.workDoneProgress
	s.mu.Unlock()
	if !ok {
		return func() {}
	}
	token := protocol.String("bookmarks-ls/indexing")
	if _, err := s.conn.Call(ctx, protocol.MethodWindowWorkDoneProgressCreate, &protocol.WorkDoneProgressCreateParams{Token: token}, nil); err != nil {
		return func() {}
	}
	_ = s.conn.Notify(ctx, protocol.MethodProgress, &protocol.ProgressParams{Token: token, Value: lspAny(&protocol.WorkDoneProgressBegin{Kind: "begin", Title: title})})
	return func() {
		done := "done"
		_ = s.conn.Notify(ctx, protocol.MethodProgress, &protocol.ProgressParams{Token: token, Value: lspAny(&protocol.WorkDoneProgressEnd{Kind: "end", Message: &done})})
	}
}
