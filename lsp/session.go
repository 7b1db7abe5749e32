// session.go holds one workspace folder: its files (disk cached, open
// documents overlaid), the books found in it and their current snapshots.

package lsp

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Lock order. A goroutine holding one of these may take only those listed
// after it, never one before:
//
//  1. bookRoot.buildMu — one rebuild of a book at a time; held for the
//     whole analysis (disk reads included), so nothing below waits on it.
//  2. Snapshot.mu — a snapshot's lazy mappers and completion candidates.
//  3. Session.mu — the folder's maps, held for map work only: never for a
//     disk read, a walk, an analysis or a call to the client.
//  4. Session.mapperMu — the mappers kept across snapshots.
//
// Leaves, under which no other lock is taken: Server.mu (sessions,
// capabilities; sessions are copied out before one is locked),
// Documents.mu (the open documents; its view is taken before a session
// lock and handed in), publisher.mu (round counting), watcher.mu (watched
// folders) and Chain.mu (request lifecycle).

// Session is one workspace folder. It knows nothing of the Server: it
// reads the open documents and the encoding from its view, which
// didModifyFiles replaces, and reports through env.
type Session struct {
	env  sessionEnv
	root string      // absolute folder path, as the client names it
	real string      // root with symlinks resolved: what is listed
	uri  DocumentURI // normalised folder URI

	// mu guards everything below; it is held for map work only, never for
	// an analysis or a walk, so that file events and requests never wait
	// for a rebuild. Invariant: tree and books describe the folder as of
	// the walk plus every file event since.
	mu       sync.Mutex
	settings Settings
	view     *view // never nil; replaced, never mutated
	tree     *tree
	// ruleBooks are the folders the book rule makes books; loose are
	// folders holding a guide document opened outside every book, each
	// served as a folder of one-file runs.
	ruleBooks map[string]bool
	loose     map[string]bool
	books     []*bookRoot          // deepest first
	byDir     map[string]*bookRoot // books by folder
	// listing caches each book's files on disk, sorted, as book paths: a
	// rebuild lists them on every keystroke. A file event drops its book's.
	listing map[*bookRoot][]string
	disk    map[string][]byte // cached disk contents, read on demand
	// scripts are the driver scripts the book rule read (settleBooks
	// reads them); unread are those it asked for and found missing, with
	// their size limits, and unsure the folders it could not decide.
	scripts map[string]scriptRead
	unread  map[string]int64
	unsure  map[string]bool
	// diskGen counts file events: a read that raced one is not cached.
	diskGen uint64

	// mappers outlive snapshots: a file whose bytes are the same slice
	// (unchanged on disk) keeps its line index across edits elsewhere.
	mapperMu sync.Mutex
	mappers  map[string]cachedMapper
}

// sessionEnv is what a session needs from the server that made it, fixed
// at its creation.
type sessionEnv struct {
	log *zap.Logger
	// showError shows a message to the user; it may be called with the
	// session's lock held, and does not wait.
	showError func(text string)
	// maxFiles bounds a walk; tooManyFiles learns that one stopped at it.
	maxFiles     int
	tooManyFiles func(root string, n int)
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

// sameMemory reports whether two slices are the same memory.
func sameMemory(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// bookRoot is one book folder inside a session.
type bookRoot struct {
	dir string // slash path relative to the session root ("" for the root)
	// buildMu serialises the rebuilds of the book; the fields below are
	// guarded by the session's mu, except configErr (by buildMu).
	buildMu sync.Mutex
	dirty   bool
	// edits counts the changes of an open document or a file's content
	// (dirty may also come from files coming and going).
	edits uint64
	snap  *Snapshot // current snapshot; replaced, never mutated
	// reset counts the times snap was dropped (settings that change the
	// run): a rebuild that started before is not kept for reuse.
	reset int
	// configErr is the last bookmarks-ls.toml error shown, so that a bad
	// config is shown once per change, not once per keystroke.
	configErr string
	// uris caches uriOf: every rebuild asks for the URI of every file of
	// the book, and building one parses and prints a URL. Keyed by the
	// book path alone, a lookup hashes a string, not a struct.
	uris sync.Map // book path → DocumentURI
}

// Snapshot is an immutable analysis of one book with the mappers for its
// files, built lazily.
type Snapshot struct {
	Project *analysis.Project
	session *Session
	book    *bookRoot
	edits   uint64               // the book's edits count when the rebuild started
	enc     Encoding             // of the view the rebuild read
	docs    map[string]*Document // open documents used, by book path
	mu      sync.Mutex
	mappers map[string]*Mapper
	// candidates are the completion candidates of a book, built lazily.
	candidates map[*analysis.Book]*candidateList
}

// newSession lists a workspace folder (bounded by MaxWorkspaceFiles) and
// finds its books.
func newSession(env sessionEnv, v *view, root string, uri DocumentURI) *Session {
	s := newEmptySession(env, v, root, uri)
	t, capped := walk(s.real, env.maxFiles)
	if capped {
		env.tooManyFiles(root, t.count)
	}
	s.mu.Lock()
	s.tree = t
	for dir := range t.dirs {
		s.recheck(dir)
		if up, sub := split(dir); sub == "bin" || sub == "site" {
			s.recheck(up)
		}
	}
	s.setBooks()
	s.mu.Unlock()
	s.settleBooks()
	return s
}

// newEmptySession is a session that lists no file yet.
func newEmptySession(env sessionEnv, v *view, root string, uri DocumentURI) *Session {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = root
	}
	return &Session{
		env: env, view: v, root: root, real: real, uri: uri, settings: defaultSettings(),
		tree: newTree(), ruleBooks: map[string]bool{}, loose: map[string]bool{},
		byDir: map[string]*bookRoot{}, disk: map[string][]byte{},
		scripts: map[string]scriptRead{}, unread: map[string]int64{}, unsure: map[string]bool{},
	}
}

// recheck applies the book rule to one folder; it reports whether the
// folder's status changed. s.mu is held.
func (s *Session) recheck(dir string) bool {
	delete(s.unsure, dir)
	book := !analysis.InTranslations(dir) && analysis.IsBook(dirSource{s, dir}, s.tree.bookNames(dir))
	if book == s.ruleBooks[dir] || (!book && s.unsure[dir]) {
		// Undecided until settleBooks has read its driver scripts: the
		// folder keeps its status meanwhile, rather than flapping.
		return false
	}
	if book {
		s.ruleBooks[dir] = true
	} else {
		delete(s.ruleBooks, dir)
	}
	return true
}

// setBooks makes the book list from the rule's folders and the loose ones,
// keeping the snapshots of books that stay. s.mu is held.
func (s *Session) setBooks() {
	s.listing = nil // book boundaries changed
	dirs := map[string]bool{}
	for d := range s.ruleBooks {
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
	old := s.byDir
	s.books, s.byDir = nil, map[string]*bookRoot{}
	for d := range dirs {
		b := old[d]
		if b == nil {
			b = &bookRoot{dir: d}
		}
		b.dirty = true
		s.books = append(s.books, b)
		s.byDir[d] = b
	}
	sort.Slice(s.books, func(i, j int) bool {
		if len(s.books[i].dir) != len(s.books[j].dir) {
			return len(s.books[i].dir) > len(s.books[j].dir)
		}
		return s.books[i].dir < s.books[j].dir
	})
}

// openedLoose makes the folder of a guide document that no book holds a
// folder of one-file runs, so that the document is served, not ignored.
func (s *Session) openedLoose(rel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, _ := s.bookFor(rel); b != nil {
		return
	}
	dir, _ := split(rel)
	s.loose[dir] = true
	s.setBooks()
}

// bookFor returns the book holding a session path (the innermost) and the
// path inside it. s.mu is held.
func (s *Session) bookFor(rel string) (*bookRoot, string) {
	dir, _ := split(rel)
	b := s.bookOfDir(dir)
	if b == nil {
		return nil, ""
	}
	if b.dir == "" {
		return b, rel
	}
	return b, rel[len(b.dir)+1:]
}

// bookOfDir is the innermost book holding a folder. s.mu is held.
func (s *Session) bookOfDir(dir string) *bookRoot {
	for {
		if b := s.byDir[dir]; b != nil {
			return b
		}
		if dir == "" {
			return nil
		}
		dir = parent(dir)
	}
}

// markDirty notes that a session path changed.
func (s *Session) markDirty(rel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, _ := s.bookFor(rel); b != nil {
		b.dirty = true
		b.edits++
	}
}

// fileChanged applies a watched-file event. The disk decides, not the
// event's type: events come late and in bursts, so a Created file may be
// gone and a Deleted one back, and a folder's event stands for its files.
func (s *Session) fileChanged(rel string, typ protocol.FileChangeType) {
	if ignoredPath(rel) {
		return
	}
	info, err := os.Lstat(filepath.Join(s.root, filepath.FromSlash(rel)))
	var came *tree
	if err == nil && info.IsDir() {
		if skipWalk(rel) {
			return
		}
		// A folder came (created, renamed or moved here): list it, not
		// under the lock.
		came, _ = walk(filepath.Join(s.real, filepath.FromSlash(rel)), s.env.maxFiles)
	}
	defer s.settleBooks() // after the unlock below
	s.mu.Lock()
	defer s.mu.Unlock()
	rebook := false
	switch {
	case came != nil:
		for dir, names := range came.dirs {
			if dir != "" {
				dir = rel + "/" + dir
			} else {
				dir = rel
			}
			for n := range names {
				rebook = s.noteFile(dir+"/"+n, protocol.FileChangeTypeCreated) || rebook
			}
		}
	case err == nil && info.Mode().IsRegular():
		rebook = s.noteFile(rel, protocol.FileChangeTypeCreated)
		if typ != protocol.FileChangeTypeCreated {
			rebook = s.noteFile(rel, protocol.FileChangeTypeChanged) || rebook
		}
	default:
		// Gone (or never a file): the file, or every file of the folder.
		if s.tree.has(rel) {
			rebook = s.noteFile(rel, protocol.FileChangeTypeDeleted)
			break
		}
		gone := s.tree.filesUnder(rel)
		for _, f := range gone {
			rebook = s.noteFile(f, protocol.FileChangeTypeDeleted) || rebook
		}
		if len(gone) == 0 { // a closed buffer: its book reads the disk again
			rebook = s.noteFile(rel, protocol.FileChangeTypeChanged)
		}
	}
	if rebook {
		s.setBooks()
	}
}

// listUnsaved lists a document that is open but not on disk (a new
// chapter), so that the book rule sees it; its close unlists it.
func (s *Session) listUnsaved(rel string) {
	defer s.settleBooks() // after the unlock below
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tree.has(rel) {
		return
	}
	if s.noteFile(rel, protocol.FileChangeTypeCreated) {
		s.setBooks()
	}
}

// noteFile applies one file's change to the listing, the book rule of the
// folders concerned and its book; it reports whether a folder's book status
// changed (the caller then calls setBooks). s.mu is held.
func (s *Session) noteFile(rel string, typ protocol.FileChangeType) (rebook bool) {
	s.diskGen++
	delete(s.disk, rel)
	delete(s.scripts, rel)
	listed := false
	switch typ {
	case protocol.FileChangeTypeCreated:
		listed = s.tree.add(rel)
	case protocol.FileChangeTypeDeleted:
		listed = s.tree.remove(rel)
	}
	if typ != protocol.FileChangeTypeChanged && !listed {
		return false // already known: a repeated event
	}
	for _, dir := range s.tree.bookCandidates(rel, typ == protocol.FileChangeTypeChanged) {
		rebook = s.recheck(dir) || rebook
	}
	if b, _ := s.bookFor(rel); b != nil {
		b.dirty = true
		if typ == protocol.FileChangeTypeChanged {
			b.edits++
		}
		if listed {
			delete(s.listing, b)
		}
	}
	return rebook
}

// ignoredPath reports whether a session path lies in a folder the walk
// skips, whose events are ignored too.
func ignoredPath(rel string) bool {
	for dir := parent(rel); dir != ""; dir = parent(dir) {
		if skipWalk(dir) {
			return true
		}
	}
	return false
}

// snapshot returns the current snapshot of a book, rebuilding it first
// when something changed, so that a request sees every earlier edit. The
// rebuild holds only the book's buildMu: file events keep being applied
// meanwhile (and mark the book dirty again).
func (s *Session) snapshot(b *bookRoot) *Snapshot {
	b.buildMu.Lock()
	defer b.buildMu.Unlock()
	return s.rebuild(b)
}

// current is the snapshot a request reads: snapshot's, except that while
// another rebuild runs (the publisher absorbing a burst of file events)
// and no content changed, the last snapshot answers at once.
func (s *Session) current(b *bookRoot) *Snapshot {
	if !b.buildMu.TryLock() {
		s.mu.Lock()
		sn, edits := b.snap, b.edits
		s.mu.Unlock()
		if sn != nil && sn.edits == edits {
			return sn
		}
		b.buildMu.Lock()
	}
	defer b.buildMu.Unlock()
	return s.rebuild(b)
}

// rebuild is snapshot with b.buildMu held.
func (s *Session) rebuild(b *bookRoot) *Snapshot {
	s.mu.Lock()
	if b.snap != nil && !b.dirty {
		sn := b.snap
		s.mu.Unlock()
		return sn
	}
	b.dirty = false
	// The view and settings are taken with the edits count: the snapshot
	// then holds every change that count covers.
	st, v, prev, reset, edits := s.settings, s.view, b.snap, b.reset, b.edits
	s.mu.Unlock()
	sn := s.build(b, st, v, prev)
	sn.edits = edits
	s.mu.Lock()
	if b.reset == reset {
		b.snap = sn
	}
	s.mu.Unlock()
	return sn
}

// ready reports whether current would answer every book at once: each
// has a snapshot that holds every change so far, so no request waits for
// a rebuild.
func (s *Session) ready() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.books {
		if b.snap == nil || b.dirty || b.snap.edits != b.edits {
			return false
		}
	}
	return true
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
// documents of v, with the settings st, reusing prev. b.buildMu is held.
func (s *Session) build(b *bookRoot, st Settings, v *view, prev *Snapshot) *Snapshot {
	src := &memSource{s: s, book: b, view: v, docs: map[string]*Document{}}
	opts := analysis.Options{MaxFileSize: st.MaxFileSize, Order: st.BookOrder}
	if f := st.ForwardReferences; f != "" {
		// The editor's setting wins over bookmarks-ls.toml, for the editor only.
		var sev analysis.Severity // warning: the analysis's own (information when .bookmarks covers it)
		switch f {
		case "off":
			sev = analysis.SevOff
		case "information":
			sev = analysis.SevInformation
		}
		opts.Severity = map[string]analysis.Severity{analysis.DiagForwardReference: sev}
	}
	for p, d := range src.openDocs() {
		if d.Language == "zguide" {
			opts.Open = append(opts.Open, p)
		}
	}
	sort.Strings(opts.Open)
	if st.Profile != "" {
		if p, err := analysis.ParseProfile(st.Profile); err == nil {
			opts.Profile = &p
		}
	}
	if prev != nil {
		opts.Reuse = prev.Project
	}
	proj, err := analysis.Load(src, opts)
	if err != nil {
		s.env.log.Sugar().Warnf("analyse %s: %v", s.abs(b, ""), err)
		proj, _ = analysis.Load(&memSource{s: s, book: b, view: v, docs: map[string]*Document{}, empty: true}, opts)
	}
	s.reportConfig(b, proj.Layout.ConfigErr)
	return &Snapshot{Project: proj, session: s, book: b, enc: v.enc, docs: src.docs, mappers: map[string]*Mapper{}}
}

// abs is the absolute path of a book path.
func (s *Session) abs(b *bookRoot, p string) string {
	return filepath.Join(s.root, filepath.FromSlash(b.dir), filepath.FromSlash(p))
}

// uriOf is the URI of a book path.
func (s *Session) uriOf(b *bookRoot, p string) DocumentURI {
	if u, ok := b.uris.Load(p); ok {
		return u.(DocumentURI)
	}
	u := fileURI(s.abs(b, p))
	b.uris.Store(p, u)
	return u
}

// fileURI is the normalised URI of an absolute path.
func fileURI(abs string) DocumentURI {
	return NormalizeURI(DocumentURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()))
}

// memSource serves a book to the analysis: open documents first, then the
// disk (cached). It takes s.mu only around the session's maps.
type memSource struct {
	s     *Session
	book  *bookRoot
	view  *view                // the open documents, as of the rebuild's start
	docs  map[string]*Document // the open documents read, by book path
	empty bool
	open  map[string]*Document // the book's open documents, by book path
}

// openDocs lists the book's open documents once per rebuild: looking each
// file up by URI cost a URL parse per file and keystroke.
func (m *memSource) openDocs() map[string]*Document {
	if m.open == nil {
		m.open = map[string]*Document{}
		m.s.mu.Lock()
		defer m.s.mu.Unlock()
		for _, d := range m.view.docs {
			if rel, ok := m.s.relPath(d.path); ok {
				if b, p := m.s.bookFor(rel); b == m.book {
					m.open[p] = d
				}
			}
		}
	}
	return m.open
}

// diskFiles is the book's files on disk, sorted (cached; not to be
// modified): the files of every folder whose innermost book it is. s.mu
// is held.
func (s *Session) diskFiles(b *bookRoot) []string {
	if out, ok := s.listing[b]; ok {
		return out
	}
	var out []string
	for dir, names := range s.tree.dirs {
		if !within(dir, b.dir) || s.bookOfDir(dir) != b {
			continue
		}
		inBook := ""
		if len(dir) > len(b.dir) {
			inBook = strings.TrimPrefix(dir[len(b.dir):], "/") + "/"
		}
		for n := range names {
			out = append(out, inBook+n)
		}
	}
	sort.Strings(out)
	if s.listing == nil {
		s.listing = map[*bookRoot][]string{}
	}
	s.listing[b] = out
	return out
}

func (m *memSource) rel(p string) string { return join(m.book.dir, p) }

func (m *memSource) Files() ([]string, error) {
	if m.empty {
		return nil, nil
	}
	docs := m.openDocs()
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	out := m.s.diskFiles(m.book)
	var extra []string // open documents not on disk (yet)
	for p := range docs {
		if !m.s.tree.has(m.rel(p)) {
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
	s := m.s
	s.mu.Lock()
	data, cached := s.disk[rel]
	listed, gen := s.tree.has(rel), s.diskGen
	s.mu.Unlock()
	if cached {
		return data, nil
	}
	if !listed {
		return nil, fs.ErrNotExist
	}
	data, err := analysis.FS(os.DirFS(s.root)).ReadFile(rel, limit)
	if err != nil {
		var big *analysis.ErrTooLarge
		if errors.As(err, &big) {
			big.Path = name
		}
		return nil, err
	}
	s.mu.Lock()
	if s.diskGen == gen {
		s.disk[rel] = data
	}
	s.mu.Unlock()
	return data, nil
}

// relPath returns the session path of a local file inside the folder
// ("" is no file: a URI of another scheme).
func (s *Session) relPath(name string) (string, bool) {
	if name == "" {
		return "", false
	}
	for _, root := range []string{s.root, s.real} {
		if rel, ok := strings.CutPrefix(name, root); ok && len(rel) > 1 && rel[0] == filepath.Separator &&
			isClean(name) && isClean(root) {
			// What filepath.Rel gives, without its copies: every request names a file.
			return filepath.ToSlash(rel[1:]), true
		}
		rel, err := filepath.Rel(root, name)
		if err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel), true
		}
	}
	return "", false
}

// isClean reports whether filepath.Clean(p) == p. An absolute slash path
// without "//" or "/." is clean as it stands: Clean's work is spared for
// the paths every request names.
func isClean(p string) bool {
	if filepath.Separator != '/' || len(p) < 2 || p[0] != '/' || p[len(p)-1] == '/' ||
		strings.Contains(p, "//") || strings.Contains(p, "/.") {
		return filepath.Clean(p) == p
	}
	return true
}

// URI is the URI of a path of the snapshot's book.
func (sn *Snapshot) URI(p string) DocumentURI { return sn.session.uriOf(sn.book, p) }

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
	enc := sn.enc
	key := sn.book.dir + "/" + p
	s := sn.session
	s.mapperMu.Lock()
	c, ok := s.mappers[key]
	s.mapperMu.Unlock()
	m := c.m
	if !ok || !sameMemory(c.src, src) || m.Encoding() != enc {
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
