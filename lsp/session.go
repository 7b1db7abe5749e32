// session.go holds one workspace folder: its files (disk cached, open
// documents overlaid), the books found in it and their current snapshots.

package lsp

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Session is one workspace folder.
type Session struct {
	srv  *Server
	root string               // absolute folder path
	uri  protocol.DocumentURI // normalised folder URI

	// mu guards everything below. Invariant: books and files describe the
	// folder as of the last scan plus every watched-file event since.
	mu       sync.Mutex
	settings Settings
	files    map[string]bool // every file of the folder (slash paths)
	// listing caches each book's files on disk, sorted, as book paths: a
	// rebuild lists them on every keystroke. findBooks resets it.
	listing map[*bookRoot][]string
	disk    map[string][]byte // cached disk contents, read on demand
	books   []*bookRoot       // deepest first
	// loose are folders holding a guide document opened outside every book:
	// each is served as a folder of one-file runs.
	loose map[string]bool

	// mappers outlive snapshots: a file whose bytes are the same slice
	// (unchanged on disk) keeps its line index across edits elsewhere.
	mapperMu sync.Mutex
	mappers  map[string]cachedMapper

	// uris caches uriOf: every rebuild asks for the URI of every file of
	// the book, and building one parses and prints a URL.
	uris sync.Map // uriKey → protocol.DocumentURI
}

type uriKey struct {
	book *bookRoot
	path string
}

type cachedMapper struct {
	src []byte
	m   *Mapper
}

// bytesAsString shares a source's memory with its mapper instead of copying
// it: sources read for a snapshot are never modified afterwards (the disk
// cache and the analysis only read them), so the string stays immutable.
func bytesAsString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// stringAsBytes is bytesAsString's reverse, under the same rule: the
// bytes are never modified.
func stringAsBytes(s string) []byte {
	if s == "" {
		return []byte{} // nil would read as an unreadable file
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// sameBytes reports whether two slices are the same memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// bookRoot is one book folder inside a session.
type bookRoot struct {
	dir   string // slash path relative to the session root ("" for the root)
	dirty bool
	snap  *Snapshot // current snapshot; replaced, never mutated
	// configErr is the last bookmarks-ls.toml error shown, so that a bad
	// config is shown once per change, not once per keystroke.
	configErr string
}

// Snapshot is an immutable analysis of one book with the mappers for its
// files, built lazily.
type Snapshot struct {
	Project *analysis.Project
	session *Session
	book    *bookRoot
	docs    map[string]*Document // open documents used, by book path
	mu      sync.Mutex
	mappers map[string]*Mapper
	// candidates are the completion candidates of a book, built lazily.
	candidates map[*analysis.Book]*candidateList
}

func newSession(srv *Server, root string, uri protocol.DocumentURI) *Session {
	s := &Session{srv: srv, root: root, uri: uri, settings: defaultSettings()}
	s.scan()
	return s
}

// scan lists the folder and finds its books. It keeps nothing read.
func (s *Session) scan() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files = map[string]bool{}
	s.disk = map[string][]byte{}
	_ = filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		rel, rerr := filepath.Rel(s.root, p)
		if err != nil || rerr != nil {
			return nil // unreadable: skipped
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (analysis.SkipDir(rel) || path.Base(rel) == "articles") {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			s.files[rel] = true
		}
		return nil // symlinks are not followed: no loops
	})
	s.findBooks()
}

// findBooks derives the book folders from the file list by the one rule
// of analysis.BookDirs (the CLI and the editors follow it too).
func (s *Session) findBooks() {
	s.listing = nil // files or book boundaries changed: every change of either ends here
	old := map[string]*bookRoot{}
	for _, b := range s.books {
		old[b.dir] = b
	}
	files := make([]string, 0, len(s.files))
	for f := range s.files {
		files = append(files, f)
	}
	sort.Strings(files)
	dirs := map[string]bool{}
	for _, d := range analysis.BookDirs(rootSource{s}, files) {
		dirs[d] = true
	}
	for d := range s.loose {
		dirs[d] = true
	}
	if len(dirs) == 0 {
		// An empty folder may become a book; until then its loose guide
		// files are one-file runs.
		dirs[""] = true
	}
	s.books = nil
	for d := range dirs {
		if b := old[d]; b != nil {
			b.dirty = true
			s.books = append(s.books, b)
		} else {
			s.books = append(s.books, &bookRoot{dir: d, dirty: true})
		}
	}
	sort.Slice(s.books, func(i, j int) bool { return len(s.books[i].dir) > len(s.books[j].dir) })
}

// openedLoose makes the folder of a guide document that no book holds a
// folder of one-file runs, so that the document is served, not ignored.
func (s *Session) openedLoose(rel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, _ := s.bookFor(rel); b != nil {
		return
	}
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	if s.loose == nil {
		s.loose = map[string]bool{}
	}
	s.loose[dir] = true
	s.findBooks()
}

// rootSource reads the session folder's disk for the book rule (driver
// scripts in bin/). s.mu is held.
type rootSource struct{ s *Session }

func (r rootSource) Files() ([]string, error) { return nil, nil }

func (r rootSource) ReadFile(name string, limit int64) ([]byte, error) {
	return analysis.FS(os.DirFS(r.s.root)).ReadFile(name, limit)
}

// bookFor returns the book holding a session path and the path inside it.
func (s *Session) bookFor(rel string) (*bookRoot, string) {
	for _, b := range s.books {
		if b.dir == "" {
			return b, rel
		}
		if strings.HasPrefix(rel, b.dir+"/") {
			return b, rel[len(b.dir)+1:]
		}
	}
	return nil, ""
}

// markDirty notes that a session path changed.
func (s *Session) markDirty(rel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, _ := s.bookFor(rel); b != nil {
		b.dirty = true
	}
}

// fileChanged applies a watched-file event.
func (s *Session) fileChanged(rel string, typ protocol.FileChangeType) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.disk, rel)
	switch typ {
	case protocol.FileChangeTypeCreated:
		s.files[rel] = true
	case protocol.FileChangeTypeDeleted:
		delete(s.files, rel)
	}
	if typ != protocol.FileChangeTypeChanged || path.Base(path.Dir(rel)) == "bin" {
		s.findBooks() // a bin/ script that starts calling a tool makes a book
	}
	if b, _ := s.bookFor(rel); b != nil {
		b.dirty = true
	}
}

// reread drops the cached disk content of a book file that exists, so
// that the next snapshot reads it again: an edit that replaces the file
// (bookmarks.regenerate) must start from what another writer left there,
// whether or not its watcher event has arrived.
func (s *Session) reread(b *bookRoot, p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rel := p
	if b.dir != "" {
		rel = b.dir + "/" + p
	}
	if _, cached := s.disk[rel]; cached {
		delete(s.disk, rel)
		b.dirty = true
	}
}

// snapshot returns the current snapshot of a book, rebuilding it first
// when something changed, so that a request sees every earlier edit.
func (s *Session) snapshot(b *bookRoot) *Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.snap != nil && !b.dirty {
		return b.snap
	}
	b.snap = s.build(b)
	b.dirty = false
	return b.snap
}

// snapshots returns every book's current snapshot.
func (s *Session) snapshots() []*Snapshot {
	s.mu.Lock()
	books := append([]*bookRoot(nil), s.books...)
	s.mu.Unlock()
	out := make([]*Snapshot, 0, len(books))
	for _, b := range books {
		out = append(out, s.snapshot(b))
	}
	return out
}

// build analyses a book from the cached disk contents and the open
// documents. s.mu is held.
func (s *Session) build(b *bookRoot) *Snapshot {
	src := &memSource{s: s, book: b, docs: map[string]*Document{}}
	opts := analysis.Options{MaxFileSize: s.settings.MaxFileSize, Order: s.settings.BookOrder}
	if f := s.settings.ForwardReferences; f != "" {
		// The editor's setting wins over bookmarks-ls.toml, for the editor only.
		var sev analysis.Severity // warning: the analysis's own (information when .bookmarks covers it)
		switch f {
		case "off":
			sev = analysis.SevOff
		case "information":
			sev = analysis.SevInformation
		}
		opts.Severity = map[string]analysis.Severity{analysis.CodeForwardReference: sev}
	}
	for p, d := range src.openDocs() {
		if d.Language == "zguide" {
			opts.Open = append(opts.Open, p)
		}
	}
	sort.Strings(opts.Open)
	if s.settings.Profile != "" {
		if p, err := analysis.ParseProfile(s.settings.Profile); err == nil {
			opts.Profile = &p
		}
	}
	if b.snap != nil {
		opts.Reuse = b.snap.Project
	}
	proj, err := analysis.Load(src, opts)
	if err != nil {
		s.srv.log.Sugar().Warnf("analyse %s: %v", s.abs(b, ""), err)
		proj, _ = analysis.Load(&memSource{s: s, book: b, docs: map[string]*Document{}, empty: true}, opts)
	}
	s.reportConfig(b, proj.Layout.ConfigErr)
	return &Snapshot{Project: proj, session: s, book: b, docs: src.docs, mappers: map[string]*Mapper{}}
}

// abs is the absolute path of a book path.
func (s *Session) abs(b *bookRoot, p string) string {
	return filepath.Join(s.root, filepath.FromSlash(b.dir), filepath.FromSlash(p))
}

// uriOf is the URI of a book path.
func (s *Session) uriOf(b *bookRoot, p string) protocol.DocumentURI {
	k := uriKey{b, p}
	if u, ok := s.uris.Load(k); ok {
		return u.(protocol.DocumentURI)
	}
	u := fileURI(s.abs(b, p))
	s.uris.Store(k, u)
	return u
}

// fileURI is the normalised URI of an absolute path.
func fileURI(abs string) protocol.DocumentURI {
	return NormalizeURI(protocol.DocumentURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()))
}

// memSource serves a book to the analysis: open documents first, then the
// disk (cached). s.mu is held while it is used.
type memSource struct {
	s     *Session
	book  *bookRoot
	docs  map[string]*Document // the open documents read, by book path
	empty bool
	open  map[string]*Document // the book's open documents, by book path
}

// openDocs lists the book's open documents once per rebuild: looking each
// file up by URI cost a URL parse per file and keystroke.
func (m *memSource) openDocs() map[string]*Document {
	if m.open == nil {
		m.open = map[string]*Document{}
		for _, d := range m.s.srv.docs.All() {
			if rel, ok := m.s.relative(d.URI); ok {
				if b, p := m.s.bookFor(rel); b == m.book {
					m.open[p] = d
				}
			}
		}
	}
	return m.open
}

// diskFiles is the book's files on disk, sorted (cached; not to be modified).
func (m *memSource) diskFiles() []string {
	if out, ok := m.s.listing[m.book]; ok {
		return out
	}
	var out []string
	for f := range m.s.files {
		if b, p := m.s.bookFor(f); b == m.book {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	if m.s.listing == nil {
		m.s.listing = map[*bookRoot][]string{}
	}
	m.s.listing[m.book] = out
	return out
}

func (m *memSource) rel(p string) string {
	if m.book.dir == "" {
		return p
	}
	return m.book.dir + "/" + p
}

func (m *memSource) Files() ([]string, error) {
	if m.empty {
		return nil, nil
	}
	out := m.diskFiles()
	var extra []string // open documents not on disk (yet)
	for p := range m.openDocs() {
		if !m.s.files[m.rel(p)] {
			extra = append(extra, p)
		}
	}
	if len(extra) == 0 {
		return out, nil
	}
	out = append(append([]string(nil), out...), extra...)
	sort.Strings(out)
	return out, nil
}

func (m *memSource) ReadFile(name string, limit int64) ([]byte, error) {
	rel := m.rel(name)
	if d, ok := m.openDocs()[name]; ok {
		if limit > 0 && int64(len(d.Text)) > limit {
			return nil, &analysis.ErrTooLarge{Path: name, Size: int64(len(d.Text)), Limit: limit}
		}
		m.docs[name] = d
		// The document's own memory, not a copy: the analysis only reads
		// it, and an unchanged document is then the same slice at the next
		// rebuild, which the analysis recognises without comparing bytes.
		return stringAsBytes(d.Text), nil
	}
	if data, ok := m.s.disk[rel]; ok {
		return data, nil
	}
	if !m.s.files[rel] {
		return nil, fs.ErrNotExist
	}
	data, err := analysis.FS(os.DirFS(m.s.root)).ReadFile(rel, limit)
	if err != nil {
		var big *analysis.ErrTooLarge
		if errors.As(err, &big) {
			big.Path = name
		}
		return nil, err
	}
	m.s.disk[rel] = data
	return data, nil
}

// relative returns the session path of a URI inside the folder.
func (s *Session) relative(u protocol.DocumentURI) (string, bool) {
	name, ok := Filename(u)
	if !ok {
		return "", false
	}
	rel, err := filepath.Rel(s.root, name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// URI is the URI of a path of the snapshot's book.
func (sn *Snapshot) URI(p string) protocol.DocumentURI { return sn.session.uriOf(sn.book, p) }

// Mapper returns the position mapper of a book file: the open document's,
// or one over the bytes the snapshot analysed.
func (sn *Snapshot) Mapper(p string) *Mapper {
	if d := sn.docs[p]; d != nil {
		return d.Mapper
	}
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if m := sn.mappers[p]; m != nil {
		return m
	}
	src := sn.Project.Sources[p]
	enc := sn.session.srv.encoding()
	key := sn.book.dir + "/" + p
	s := sn.session
	s.mapperMu.Lock()
	c, ok := s.mappers[key]
	s.mapperMu.Unlock()
	m := c.m
	if !ok || !sameBytes(c.src, src) || m.Encoding() != enc {
		m = NewMapper(bytesAsString(src), enc)
		s.mapperMu.Lock()
		if s.mappers == nil {
			s.mappers = map[string]cachedMapper{}
		}
		s.mappers[key] = cachedMapper{src, m}
		s.mapperMu.Unlock()
	}
	sn.mappers[p] = m
	return m
}

// Range converts an analysis location to an LSP range.
func (sn *Snapshot) Range(l analysis.Location) protocol.Range {
	m := sn.Mapper(l.Path)
	return protocol.Range{Start: m.PositionLF(l.Line, l.Start), End: m.PositionLF(l.Line, l.End)}
}

// Location converts an analysis location to an LSP location.
func (sn *Snapshot) Location(l analysis.Location) protocol.Location {
	return protocol.Location{URI: sn.URI(l.Path), Range: sn.Range(l)}
}

// Position converts an LSP position in a book file to (line, byte column).
func (sn *Snapshot) Position(p string, pos protocol.Position) (int, int) {
	m := sn.Mapper(p)
	return m.LineColLF(m.Offset(pos))
}
