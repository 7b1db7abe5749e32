package analysis

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
)

// DefaultMaxFileSize bounds every file read (the bookmarks.maxFileSize
// setting overrides it).
const DefaultMaxFileSize = 8 << 20

// Options tune Load.
type Options struct {
	// Profile forces a profile; nil detects it from the book.
	Profile *Profile
	// Fresh simulates runs without bookmark files.
	Fresh bool
	// MaxFileSize bounds each file read; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Order, when set, is the main run order (the bookmarks.bookOrder
	// setting, or a single file built alone).
	Order []string
	// Single builds Order alone, as a translator builds one file: no
	// companion runs, no other books of the folder.
	Single bool
	// ChapterLevel forces the chapter marker (1 or 2); 0 detects it.
	ChapterLevel int
	// Reuse lends the scans of an earlier project: a file whose bytes and
	// entry state are unchanged is not scanned again.
	Reuse *Project
	// Config replaces the book's bookmarks-ls.toml (a Single build has no
	// discovery: the caller passes the config of the book around it).
	Config *Config
	// Exclude adds globs to the config's exclude list (--exclude).
	Exclude []string
	// Severity overrides the config's per-code severities (SevOff drops a
	// code, 0 keeps the analysis's own): the editor's settings, which win
	// for the editor only.
	Severity map[string]Severity
	// Open names files an editor has open as guide files: one that no
	// rule names a guide file is analysed too, as a one-file run (a loose
	// file); bookmark files and excluded files are left out.
	Open []string
	// Translation marks a Single build of a file that no run of its book
	// reads: its findings get the config's outside-runs severity cap.
	Translation bool
}

// Project is everything known about one book folder: its main run, the
// other runs that write the same bookmark files, the guide files built
// alone, and the audits. It is immutable once loaded.
type Project struct {
	Layout  *Layout
	Profile Profile
	Main    *Book
	// Companion is the other tool that rewrites Main's bookmark file
	// (mkdocbook beside mkwikidot, mkbook beside z2w), nil when none.
	Companion *Book
	// Site is the mkmarkdown run that writes site/.bookmarks, when the
	// main profile is another one and zguide.book exists.
	Site *Book
	// Singles are guide files outside every run, each built alone.
	Singles []*Book
	// Audits of the bookmark files, line by line.
	BookmarksAudit, SiteAudit []EntryAudit
	// Sources holds the bytes of every file read.
	Sources map[string][]byte
	// Diagnostics by path: guide files and bookmark files.
	Diagnostics map[string][]Diagnostic
	// Owner maps a guide file to the book whose diagnostics it shows.
	Owner map[string]*Book
	scans scanTable
	// unref is what unreferencedBookmarks keeps for the next Load's Reuse.
	unref *unrefState
	// lastSources memoises sources within one Load.
	lastSources *sourcesMemo
	// The audits with what they were made from, for the next Load's Reuse.
	bookmarksAudit, siteAudit *auditState
	// refs is refIndex's, built on the first query.
	refs struct {
		once   sync.Once
		byBook map[*Book]map[string][]Location
	}
}

// Load reads a book folder through fsys and links every run in it.
// Unreadable or oversized guide files become diagnostics, not errors; an
// error is returned only when the folder itself cannot be listed.
func Load(src Source, opts Options) (*Project, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	p := &Project{Sources: map[string][]byte{}, Diagnostics: map[string][]Diagnostic{}, Owner: map[string]*Book{}, scans: scanTable{}}
	if r := opts.Reuse; r != nil {
		// Sized as the last project's, so that they do not grow on every keystroke.
		p.Sources, p.Owner, p.scans = make(map[string][]byte, len(r.Sources)), make(map[string]*Book, len(r.Owner)), make(scanTable, len(r.scans))
		p.Diagnostics = make(map[string][]Diagnostic, len(r.Diagnostics))
	}
	var err error
	if opts.Single {
		p.Layout = &Layout{Guide: append([]string(nil), opts.Order...), Config: DefaultConfig()}
	} else if p.Layout, err = discoverAgain(src, opts.MaxFileSize, opts.Reuse); err != nil {
		return nil, err
	}
	cfg := p.Layout.Config
	if opts.Config != nil {
		cfg = opts.Config
	}
	guide := p.readGuide(src, cfg, opts)
	rl := &runLinker{p: p, src: src, opts: opts, l: p.Layout,
		bookmarks: p.readBookmarks(src, ".bookmarks", false, opts),
		site:      p.readBookmarks(src, "site/.bookmarks", true, opts),
		level:     opts.ChapterLevel, old: opts.Reuse}
	if rl.level == 0 {
		rl.level = p.detectLevel(rl.order(Mkwikidot), opts.Reuse)
	}
	if rl.old == nil {
		rl.old = &Project{}
	}
	configured, fromConfig := cfg.profile()
	p.Profile = rl.mainProfile(configured, fromConfig)
	p.Main = rl.link(p.Profile, rl.order(p.Profile), rl.fileFor(p.Profile), rl.old.Main)
	if opts.Profile == nil && !fromConfig && p.Profile == Z2W && eraB(p.Main) {
		p.Profile = Z2W201211
		p.Main = rl.link(p.Profile, rl.order(p.Profile), rl.bookmarks, nil)
	}
	if !opts.Single {
		rl.linkCompanions()
	}
	p.assignOwners(opts, cfg, guide, rl.level, rl.bookmarks)
	p.unreferencedBookmarks(opts.Reuse)
	p.audit(rl.bookmarks, rl.site, opts.Reuse)
	p.applyConfig(cfg, opts)
	p.lastSources = nil
	return p, nil
}

// readGuide reads the guide files of the layout, the open ones the config
// does not exclude and the given order; it returns the guide files.
func (p *Project) readGuide(src Source, cfg *Config, opts Options) []string {
	guide := p.Layout.Guide
	for _, g := range opts.Open {
		if !slices.Contains(guide, g) && path.Base(g) != ".bookmarks" && !excluded(cfg, opts, g) {
			guide = append(guide[:len(guide):len(guide)], g) // the layout is shared: never append in place
		}
	}
	for _, g := range guide {
		p.read(src, g, opts.MaxFileSize, true)
	}
	for _, g := range opts.Order {
		p.read(src, g, opts.MaxFileSize, true)
	}
	return guide
}

// runLinker links the runs of a project being loaded.
type runLinker struct {
	p               *Project
	src             Source
	opts            Options
	l               *Layout
	bookmarks, site *BookmarkFile
	level           int // the chapter level of the classic runs
	// old's runs are the previous links of the same runs: Link relinks
	// only the file that changed when it can.
	old *Project
}

// order is the run order of a profile's tool.
func (rl *runLinker) order(pr Profile) []string {
	switch {
	case len(rl.opts.Order) > 0:
		return rl.opts.Order
	case pr == Mkmarkdown && len(rl.l.Markdown) > 0:
		return rl.l.Markdown
	case pr.Print() && len(rl.l.Print) > 0:
		return rl.l.Print
	}
	return rl.l.Wikidot
}

// fileFor is the bookmark file a profile's tool reads.
func (rl *runLinker) fileFor(pr Profile) *BookmarkFile {
	if pr == Mkmarkdown {
		return rl.site
	}
	return rl.bookmarks
}

// link links one run of the profile's tool, from prev when not nil.
func (rl *runLinker) link(pr Profile, files []string, bf *BookmarkFile, prev *Book) *Book {
	lv := rl.level
	var syms map[string]string
	if pr == Mkmarkdown {
		lv = 1
		syms = rl.l.BookSymbols // zguide.book is mkmarkdown's input only
	}
	extra := func(name string) ([]byte, bool) {
		data, err := rl.src.ReadFile(name, rl.opts.MaxFileSize)
		return data, err == nil
	}
	return Link(LinkInput{Profile: pr, ChapterLevel: lv, Files: rl.p.sources(files, pr.Dialect(), rl.opts.Reuse), Bookmarks: bf, Fresh: rl.opts.Fresh, Symbols: syms, Prev: prev, ReadExtra: extra})
}

// mainProfile is the profile of the main run: forced, configured, or
// detected from the layout.
func (rl *runLinker) mainProfile(configured Profile, fromConfig bool) Profile {
	l := rl.l
	switch {
	case rl.opts.Profile != nil:
		return *rl.opts.Profile
	case fromConfig:
		return configured
	case rl.level == 2:
		return Z2W
	case len(l.Wikidot) == 0 && len(l.Markdown) > 0, l.WikidotFrom == "zguide.book" && rl.bookmarks == nil:
		// A book known only by its zguide.book is a mkmarkdown book
		// unless a .bookmarks shows the Wikidot converter at work.
		return Mkmarkdown
	}
	return Mkwikidot
}

// linkCompanions links the runs besides the main one: the other classic
// tool's (Companion) and mkmarkdown's (Site).
func (rl *runLinker) linkCompanions() {
	p, l, old, bookmarks := rl.p, rl.l, rl.old, rl.bookmarks
	switch p.Profile {
	case Mkwikidot:
		if len(l.Print) > 0 {
			p.Companion = rl.link(Mkdocbook, l.Print, bookmarks, old.Companion)
		}
	case Z2W:
		p.Companion = rl.link(Mkbook, rl.order(Mkbook), bookmarks, old.Companion)
	case Z2W201211:
		p.Companion = rl.link(Mkbook201211, rl.order(Mkbook201211), bookmarks, old.Companion)
	case Mkdocbook, Mkbook, Mkbook201211:
		wp := Mkwikidot
		switch {
		case p.Profile == Mkbook201211:
			wp = Z2W201211
		case rl.level == 2:
			wp = Z2W
		}
		p.Companion = rl.link(wp, rl.order(wp), bookmarks, old.Companion)
	}
	if p.Profile != Mkmarkdown && len(l.Markdown) > 0 {
		p.Site = rl.link(Mkmarkdown, l.Markdown, rl.site, old.Site)
	}
}

// detectLevel is 1 when a chapter file of the run has a `+ Title` header
// other than a `+ Part N - …` (era D/E), else 2 (in December 2012
// `++` books already had `+ Part` headers). Without chapter files every
// file of the run counts; a run without headers counts as 1.
func (p *Project) detectLevel(files []string, reuse *Project) int {
	srcs := p.sources(files, Classic, reuse)
	chapters := 0
	for _, sf := range srcs {
		if chapterNumber(path.Base(sf.Path)) > 0 {
			chapters++
		}
	}
	seen := false
	for _, sf := range srcs {
		if chapters > 0 && chapterNumber(path.Base(sf.Path)) == 0 {
			continue
		}
		for _, h := range sf.Syntax.Headers {
			if h.Level == 1 && !isPartTitle(sf.Syntax.Text(h.Title)) {
				return 1
			}
			seen = seen || h.Level == 2
		}
	}
	if !seen {
		return 1
	}
	return 2
}

// eraB tells whether a `++` book's .bookmarks was written by the 2012-11
// converter: a chapter's named bookmark stored without `Chapter N - `.
func eraB(b *Book) bool {
	if b.Bookmarks == nil {
		return false
	}
	for _, a := range b.Registrations {
		if a.Kind != NamedAnchor || b.Files[a.File].Headers[a.Header].Chapter == 0 {
			continue
		}
		if e, ok := b.Bookmarks.Lookup(a.Name); ok && !strings.HasPrefix(e.Title, "Chapter ") {
			return true
		}
	}
	return false
}

func (p *Project) read(from Source, name string, limit int64, guide bool) {
	if _, ok := p.Sources[name]; ok {
		return
	}
	src, err := from.ReadFile(name, limit)
	if err != nil {
		p.Sources[name] = nil
		if guide {
			p.Diagnostics[name] = append(p.Diagnostics[name], readDiagnostic(name, err))
		}
		return
	}
	p.Sources[name] = src
}

func readDiagnostic(name string, err error) Diagnostic {
	msg := "cannot read " + name + ": " + err.Error()
	var big *ErrTooLarge
	code := DiagFileTooLarge
	if errors.As(err, &big) {
		msg = "file not analysed: " + big.Error() + " (setting bookmarks.maxFileSize)"
	} else {
		code = DiagUnreadableFile
	}
	return Diagnostic{Location: Location{Path: name}, Severity: SevError, Code: code, Message: msg}
}

func (p *Project) readBookmarks(from Source, name string, site bool, opts Options) *BookmarkFile {
	if opts.Single && len(opts.Order) > 0 {
		// Built alone: the bookmark file of the file's own folder.
		name = path.Join(path.Dir(opts.Order[0]), name)
	}
	src, err := from.ReadFile(name, opts.MaxFileSize)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			p.Diagnostics[name] = append(p.Diagnostics[name], readDiagnostic(name, err))
		}
		return nil
	}
	p.Sources[name] = src
	if opts.Reuse != nil {
		for b := range opts.Reuse.bookmarkFiles() {
			if b.Path == name && b.Site == site && equalBytes(b.Src, src) {
				return b // parsed files are immutable: share them
			}
		}
	}
	return ReadBookmarks(name, src, site)
}

// sources scans a run's files in order, each from the previous file's exit
// state, reusing earlier scans of identical bytes. A second call for the
// same order and dialect in one Load (detectLevel, then the link) returns
// the first call's files.
//
// The scans are kept by path (a string key: a struct key holding the
// BlockState's strings hashes through the generic path, a third of a
// keystroke's map work in a 130-file book).
func (p *Project) sources(files []string, d Dialect, reuse *Project) []SourceFile {
	if m := p.lastSources; m != nil && m.dialect == d && sameOrder(m.files, files) {
		return m.out
	}
	out := make([]SourceFile, 0, len(files))
	var state BlockState
	for _, name := range files {
		src := p.Sources[name]
		f := p.scans.get(name, d, state)
		if f == nil {
			if reuse != nil {
				if old := reuse.scans.get(name, d, state); old != nil && equalBytes(old.Src, src) {
					f = old
					if e := reuse.scans[name]; p.scans[name] == nil && len(e.more) == 0 {
						p.scans[name] = e // entries are immutable: the previous project's is shared
						out = append(out, SourceFile{Path: name, Syntax: f})
						state = f.Exit
						continue
					}
				}
			}
			if f == nil {
				f = Scan(src, d, state)
			}
			p.scans.put(name, d, state, f)
		}
		out = append(out, SourceFile{Path: name, Syntax: f})
		state = f.Exit
	}
	p.lastSources = &sourcesMemo{files: files, dialect: d, out: out}
	return out
}

// sourcesMemo is the last run sources scanned in a Load.
type sourcesMemo struct {
	files   []string
	dialect Dialect
	out     []SourceFile
}

// sameOrder tells whether a and b are the same slice (not only equal).
func sameOrder(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// scanTable holds a project's scans by path: a file is scanned once per
// dialect and entry state it is read with, nearly always once (the first
// is kept in the entry, without a slice of its own). Entries are never
// changed once in a table, so that the next project shares those of the
// files that did not change instead of copying them.
type scanTable map[string]*scanEntry

type scanEntry struct {
	first scanned
	more  []scanned
}

type scanned struct {
	dialect Dialect
	entry   BlockState
	f       *FileSyntax
}

func (t scanTable) get(name string, d Dialect, entry BlockState) *FileSyntax {
	e := t[name]
	if e == nil {
		return nil
	}
	if e.first.dialect == d && e.first.entry == entry {
		return e.first.f
	}
	for _, s := range e.more {
		if s.dialect == d && s.entry == entry {
			return s.f
		}
	}
	return nil
}

func (t scanTable) put(name string, d Dialect, entry BlockState, f *FileSyntax) {
	s := scanned{d, entry, f}
	if e := t[name]; e != nil {
		t[name] = &scanEntry{first: e.first, more: append(e.more[:len(e.more):len(e.more)], s)}
		return
	}
	t[name] = &scanEntry{first: s}
}

// books lists the project's books: Main, Companion and Site when they
// exist, then the Singles.
func (p *Project) books() []*Book {
	out := make([]*Book, 0, 3+len(p.Singles))
	for _, b := range []*Book{p.Main, p.Companion, p.Site} {
		if b != nil {
			out = append(out, b)
		}
	}
	return append(out, p.Singles...)
}

// assignOwners decides which book shows each guide file's diagnostics and
// builds the guide files outside every run alone.
func (p *Project) assignOwners(opts Options, cfg *Config, guide []string, level int, bookmarks *BookmarkFile) {
	for _, b := range []*Book{p.Main, p.Companion, p.Site} {
		if b == nil {
			continue
		}
		for _, f := range b.Files {
			if p.Owner[f.Path] == nil {
				p.Owner[f.Path] = b
			}
		}
	}
	for _, g := range guide {
		if p.Owner[g] != nil || !cfg.CheckOutsideRuns || excluded(cfg, opts, g) {
			continue
		}
		var prev *Book
		if opts.Reuse != nil {
			if old, ok := opts.Reuse.Owner[g]; ok && len(old.Files) == 1 && old.Files[0].Path == g {
				prev = old
			}
		}
		b := Link(LinkInput{Profile: p.Profile, ChapterLevel: level, Files: p.sources([]string{g}, p.Profile.Dialect(), opts.Reuse), Bookmarks: bookmarks, Fresh: opts.Fresh, Outside: p.Main, Prev: prev})
		p.Singles = append(p.Singles, b)
		p.Owner[g] = b
	}
	for _, b := range p.books() {
		// A book's diagnostics come file by file: each stretch of one
		// path is looked up once, and shared when the file has no other
		// (capped, so that an append copies: books are immutable).
		ds := b.Diagnostics
		for i := 0; i < len(ds); {
			j := i + 1
			for j < len(ds) && ds[j].Path == ds[i].Path {
				j++
			}
			if path := ds[i].Path; p.Owner[path] == b {
				if cur := p.Diagnostics[path]; len(cur) == 0 {
					p.Diagnostics[path] = ds[i:j:j]
				} else {
					p.Diagnostics[path] = append(cur, ds[i:j]...)
				}
			}
			i = j
		}
	}
}

func (p *Project) audit(bookmarks, site *BookmarkFile, reuse *Project) {
	var oldBookmarks, oldSite *auditState
	if reuse != nil {
		oldBookmarks, oldSite = reuse.bookmarksAudit, reuse.siteAudit
	}
	if bookmarks != nil {
		main := p.Main
		if main.Profile == Mkmarkdown {
			main = nil
		}
		if main != nil {
			var comp []*Book
			if p.Companion != nil {
				comp = append(comp, p.Companion)
			}
			p.bookmarksAudit = auditAgain(oldBookmarks, bookmarks, main, comp)
			p.BookmarksAudit = p.bookmarksAudit.audits
			p.Diagnostics[bookmarks.Path] = append(p.Diagnostics[bookmarks.Path], p.bookmarksAudit.flat...)
		}
	}
	if site != nil {
		sb := p.Site
		if p.Main.Profile == Mkmarkdown {
			sb = p.Main
		}
		if sb != nil {
			p.siteAudit = auditAgain(oldSite, site, sb, nil)
			p.SiteAudit = p.siteAudit.audits
			p.Diagnostics[site.Path] = append(p.Diagnostics[site.Path], p.siteAudit.flat...)
		}
	}
}

// Paths lists every path that has diagnostics, main run first, then the
// other files sorted.
func (p *Project) Paths() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range p.Main.Files {
		if !seen[f.Path] {
			seen[f.Path] = true
			out = append(out, f.Path)
		}
	}
	var rest []string
	for k := range p.Diagnostics {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// AllDiagnostics returns the diagnostics in Paths order, each file's in
// line order.
func (p *Project) AllDiagnostics() []Diagnostic {
	var out []Diagnostic
	for _, path := range p.Paths() {
		ds := append([]Diagnostic(nil), p.Diagnostics[path]...)
		sort.SliceStable(ds, func(i, j int) bool {
			if ds[i].Line != ds[j].Line {
				return ds[i].Line < ds[j].Line
			}
			return ds[i].Col < ds[j].Col
		})
		out = append(out, ds...)
	}
	return out
}

// equalBytes is bytes.Equal, without reading the bytes when both are the
// same slice (a source that keeps what it read hands those out again).
func equalBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}
