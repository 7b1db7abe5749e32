// server.go is the language server: initialize and its capabilities, the
// workspace folders, and the table of methods the chain dispatches.

package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Server is the bookmarks language server. Handlers take a snapshot once
// and read it without locks; edits and file events only mark books dirty.
type Server struct {
	log    *zap.Logger
	conn   jsonrpc2.Conn
	client protocol.Client
	docs   *Documents

	// mu guards the fields below.
	mu sync.Mutex
	// sessions is replaced, never changed in place: allSessions hands it
	// out as it is.
	sessions []*Session
	caps     clientCaps
	version  string
	// lastCompletion is the document of the last completion request, for
	// completionItem/resolve.
	lastCompletion DocumentURI

	diag *publisher
	// watch is the server's own file watching, when the client has none.
	watch *watcher
	// early are the messages shown once initialized (started) arrives.
	started bool
	early   []string

	// MaxFiles, when above zero, replaces MaxWorkspaceFiles (for tests).
	MaxFiles int

	// OnSourceSize, when set, learns the total size of every analysed file
	// after each publish round (the binary sizes its memory limit by it).
	OnSourceSize func(bytes int64)
}

// clientCaps is what bookmarks-ls uses of the client's capabilities.
type clientCaps struct {
	configuration    bool
	watchedFilesDyn  bool
	workDoneProgress bool
	relatedInfo      bool
	markdownHover    bool
	snippets         bool
	// itemDefaults: the client takes a completion list's edit range from
	// itemDefaults.editRange (LSP 3.17 completionList.itemDefaults).
	itemDefaults bool
}

// NewServer returns a server that talks back to the client over conn.
func NewServer(conn jsonrpc2.Conn, logger *zap.Logger, version string) *Server {
	if logger == nil {
		logger = zap.NewNop()
	}
	s := &Server{
		log:     logger,
		conn:    conn,
		client:  protocol.ClientDispatcher(conn),
		docs:    NewDocuments(UTF16),
		version: version,
	}
	s.diag = newPublisher(s)
	return s
}

// Methods is the dispatch table of every method the server implements.
func (s *Server) Methods() Methods {
	return Methods{
		"initialize":  Request(s.initialize),
		"initialized": Notification(s.initialized),
		"shutdown":    Request(s.shutdown),

		"textDocument/didOpen":   Notification(s.didOpen),
		"textDocument/didChange": Notification(s.didChange),
		"textDocument/didClose":  Notification(s.didClose),
		"textDocument/didSave":   Notification(s.didSave),

		"workspace/didChangeWatchedFiles":     Notification(s.didChangeWatchedFiles),
		"workspace/didChangeConfiguration":    Notification(s.didChangeConfiguration),
		"workspace/didChangeWorkspaceFolders": Notification(s.didChangeWorkspaceFolders),

		"textDocument/definition":    Inline(Request(s.definition), s.ready),
		"textDocument/references":    Inline(Request(s.references), s.ready),
		"textDocument/hover":         Inline(Request(s.hover), s.ready),
		"textDocument/completion":    Request(s.completion),
		"completionItem/resolve":     Request(s.resolveCompletion),
		"textDocument/prepareRename": Inline(Request(s.prepareRename), s.ready),
		"textDocument/rename":        Request(s.rename),

		"textDocument/documentSymbol":       Request(s.documentSymbol),
		"workspace/symbol":                  Request(s.workspaceSymbol),
		"textDocument/foldingRange":         Request(s.foldingRange),
		"textDocument/documentLink":         Request(s.documentLink),
		"textDocument/documentHighlight":    Inline(Request(s.documentHighlight), s.ready),
		"textDocument/selectionRange":       Request(s.selectionRange),
		"textDocument/inlayHint":            Request(s.inlayHint),
		"textDocument/semanticTokens/full":  Request(s.semanticTokensFull),
		"textDocument/semanticTokens/range": Request(s.semanticTokensRange),
		"textDocument/codeLens":             Request(s.codeLens),
		"textDocument/codeAction":           Request(s.codeAction),
		"workspace/executeCommand":          Request(s.executeCommand),
		"bookmarks/status":                  Request(s.status),
	}
}

// ready says whether a position query can be answered on the reader (see
// Inline): every book's snapshot is up to date. A rebuild (after an edit,
// or one that a file event starts meanwhile) then runs on a request's own
// goroutine, while later messages are read; it is still correct, only
// slower, when it happens on the reader.
func (s *Server) ready() bool {
	for _, sess := range s.allSessions() {
		if !sess.ready() {
			return false
		}
	}
	return true
}

// clientCapsOf reads what the server uses of the client's capabilities.
func clientCapsOf(caps *protocol.ClientCapabilities) clientCaps {
	cc := clientCaps{}
	isSet := func(b *bool) bool { return b != nil && *b }
	if w := caps.Workspace; w != nil {
		cc.configuration = isSet(w.Configuration)
		if w.DidChangeWatchedFiles != nil {
			cc.watchedFilesDyn = isSet(w.DidChangeWatchedFiles.DynamicRegistration)
		}
	}
	if w := caps.Window; w != nil {
		cc.workDoneProgress = isSet(w.WorkDoneProgress)
	}
	if t := caps.TextDocument; t != nil {
		if t.PublishDiagnostics != nil {
			cc.relatedInfo = isSet(t.PublishDiagnostics.RelatedInformation)
		}
		if t.Hover != nil {
			for _, f := range t.Hover.ContentFormat {
				if f == protocol.MarkupKindMarkdown {
					cc.markdownHover = true
				}
			}
		}
		if c := t.Completion; c != nil {
			if c.CompletionItem != nil {
				cc.snippets = isSet(c.CompletionItem.SnippetSupport)
			}
			if c.CompletionList != nil {
				for _, d := range c.CompletionList.ItemDefaults {
					if d == "editRange" {
						cc.itemDefaults = true
					}
				}
			}
		}
	}
	return cc
}

func (s *Server) initialize(ctx context.Context, p *initializeParams) (*protocol.InitializeResult, error) {
	enc := UTF16
	if g := p.Capabilities.General; g != nil {
		for _, e := range g.PositionEncodings {
			if string(e) == string(UTF8) {
				enc = UTF8
				break
			}
		}
	}
	cc := clientCapsOf(&p.Capabilities)
	s.mu.Lock()
	s.caps = cc
	s.mu.Unlock()
	s.docs.SetEncoding(enc)

	folders, _ := p.WorkspaceFolders.Get()
	if len(folders) == 0 {
		rootPath, _ := p.RootPath.Get()
		switch {
		case p.RootURI != nil && *p.RootURI != "":
			folders = []protocol.WorkspaceFolder{{URI: *p.RootURI, Name: "root"}}
		case rootPath != "":
			folders = []protocol.WorkspaceFolder{{URI: fileURI(rootPath), Name: "root"}}
		}
	}
	for _, f := range folders {
		s.addFolder(decodeURI(f.URI))
	}
	if len(folders) == 0 {
		s.noWorkspace()
	}

	return &protocol.InitializeResult{
		Capabilities: s.capabilities(enc),
		ServerInfo:   protocol.ServerInfo{Name: "bookmarks-ls", Version: optString(s.version)},
	}, nil
}

func (s *Server) capabilities(enc Encoding) protocol.ServerCapabilities {
	yes := true
	incremental := protocol.TextDocumentSyncKindIncremental
	return protocol.ServerCapabilities{
		PositionEncoding: protocol.PositionEncodingKind(enc),
		TextDocumentSync: &protocol.TextDocumentSyncOptions{
			OpenClose: &yes,
			Change:    &incremental,
			Save:      &protocol.SaveOptions{},
		},
		DefinitionProvider: protocol.Boolean(true),
		ReferencesProvider: protocol.Boolean(true),
		HoverProvider:      protocol.Boolean(true),
		CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: []string{"#", ".", "(", "[", " "}, ResolveProvider: &yes},
		RenameProvider:     &protocol.RenameOptions{PrepareProvider: &yes},
		Workspace: &protocol.WorkspaceOptions{
			WorkspaceFolders: &protocol.WorkspaceFoldersServerCapabilities{Supported: &yes, ChangeNotifications: protocol.Boolean(true)},
		},
		DocumentSymbolProvider:    protocol.Boolean(true),
		WorkspaceSymbolProvider:   protocol.Boolean(true),
		FoldingRangeProvider:      protocol.Boolean(true),
		DocumentLinkProvider:      &protocol.DocumentLinkOptions{},
		DocumentHighlightProvider: protocol.Boolean(true),
		CodeLensProvider:          &protocol.CodeLensOptions{},
		CodeActionProvider: &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{
			protocol.CodeActionKindQuickFix, protocol.CodeActionKindRefactorRewrite, KindRemoveStaleEntries, KindRegenerateBookmarks, KindRepairBookmarks,
		}},
		ExecuteCommandProvider: protocol.ExecuteCommandOptions{Commands: []string{CommandRegenerate, CommandRepair}},
		SelectionRangeProvider: protocol.Boolean(true),
		InlayHintProvider:      protocol.Boolean(true),
		SemanticTokensProvider: semanticTokensProvider(),
	}
}

func (s *Server) initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	// Requests to the client wait for replies that this goroutine reads.
	go s.startup()
	return nil
}

// startup reads the settings, registers the file watcher and publishes
// the first diagnostics of every book, reporting progress.
func (s *Server) startup() {
	ctx := context.Background()
	s.mu.Lock()
	caps := s.caps
	early := s.early
	s.started, s.early = true, nil
	s.mu.Unlock()
	for _, text := range early {
		s.showWarning(text)
	}
	if caps.watchedFilesDyn {
		s.registerWatcher(ctx)
	} else if wa := s.watchFolders(); wa != nil {
		s.mu.Lock()
		s.watch = wa
		s.mu.Unlock()
	}
	if caps.configuration {
		// Not yet published: the first round below is the one to publish.
		_, _ = s.applyModifications(ctx, s.fetchSettings(ctx))
	}
	done := s.beginProgress(ctx, "Indexing guide books")
	for _, sess := range s.allSessions() {
		sess.snapshots()
	}
	done()
	s.diag.start()
	s.diag.wake()
}

func (s *Server) shutdown(ctx context.Context, _ *struct{}) (any, error) {
	s.diag.stop()
	s.stopWatching()
	return nil, nil
}

// sessionEnv is what a new session needs of the server.
func (s *Server) sessionEnv() sessionEnv {
	return sessionEnv{
		log:          s.log,
		showError:    s.showError,
		maxFiles:     s.maxFiles(),
		tooManyFiles: s.tooManyFiles,
	}
}

// showError shows an error message without waiting for the client (the
// caller may hold a session's lock).
func (s *Server) showError(text string) {
	go func() {
		_ = s.client.ShowMessage(context.Background(), &protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: text})
	}()
}

func (s *Server) maxFiles() int {
	if s.MaxFiles > 0 {
		return s.MaxFiles
	}
	return MaxWorkspaceFiles
}

// tooManyFiles says that the listing of a folder stopped at the cap.
func (s *Server) tooManyFiles(root string, n int) {
	text := fmt.Sprintf("bookmarks-ls: %s holds more than %d files; only the first %d were listed, so books beyond them are not served. Open the book's own folder instead.", root, n, n)
	s.log.Warn(text)
	s.showWarning(text)
}

// showWarning shows a message, from a goroutine (the reader may be the
// caller); one from initialize waits for initialized, so that the reply
// comes first.
func (s *Server) showWarning(text string) {
	if s.conn == nil {
		return // no client (tests of the methods alone)
	}
	s.mu.Lock()
	if !s.started {
		s.early = append(s.early, text)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	go func() {
		_ = s.client.ShowMessage(context.Background(), &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: text})
	}()
}

// noWorkspace says once why only opened files are served.
func (s *Server) noWorkspace() {
	text := "bookmarks-ls: no workspace folder (the client sent no rootUri and no workspaceFolders): each guide file you open is served with the files of its folder that are open, not its whole book. Open the book's folder as the workspace."
	s.log.Warn(text)
	s.showWarning(text)
}

// allSessions returns the sessions; the caller must not change the slice.
func (s *Server) allSessions() []*Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// addFolder opens a session for a workspace folder (file URIs only).
func (s *Server) addFolder(f fileID) {
	if f.Path == "" {
		s.log.Warn("ignoring a workspace folder that is not a file URI", zap.String("uri", string(f.URI)))
		return
	}
	abs, err := filepath.Abs(f.Path)
	if err != nil {
		return
	}
	s.mu.Lock()
	for _, sess := range s.sessions {
		if sess.root == abs {
			s.mu.Unlock()
			return
		}
	}
	s.mu.Unlock()
	sess := newSession(s.sessionEnv(), s.docs.view(), abs, f.URI)
	s.mu.Lock()
	s.sessions = append(slices.Clip(s.sessions), sess) // a new array: see sessions
	wa := s.watch
	s.mu.Unlock()
	// Documents may have changed while the folder was listed.
	sess.setView(s.docs.view())
	if wa != nil { // a folder added later
		wa.add(sess.real)
		wa.addTree(sess.real)
	}
}

// isBookFileName reports whether a document's name alone makes it a
// guide file or a bookmark file (it is served even outside every folder).
func isBookFileName(f fileID) bool {
	if f.Path == "" {
		return false
	}
	base := filepath.Base(f.Path)
	return analysis.IsGuideFile(base) || base == ".bookmarks"
}

// addLooseFolder serves a guide file opened outside every workspace
// folder: a session on its folder that lists only the documents opened in
// it (no walk: the folder may be a home directory), so that the file is a
// one-file run with diagnostics, symbols and hover instead of nothing.
func (s *Server) addLooseFolder(f fileID) {
	for _, sess := range s.allSessions() {
		if _, ok := sess.relPath(f.Path); ok {
			return
		}
	}
	if f.Path == "" {
		return
	}
	dir := filepath.Dir(f.Path)
	sess := newEmptySession(s.sessionEnv(), s.docs.view(), dir, fileURI(dir))
	sess.mu.Lock()
	sess.setBooks()
	sess.mu.Unlock()
	s.mu.Lock()
	s.sessions = append(slices.Clip(s.sessions), sess) // a new array: see sessions
	s.mu.Unlock()
	sess.setView(s.docs.view())
}

func (s *Server) didChangeWorkspaceFolders(ctx context.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	for _, f := range p.Event.Removed {
		u := NormalizeURI(DocumentURI(f.URI))
		s.mu.Lock()
		for i, sess := range s.sessions {
			if sess.uri == u {
				s.sessions = slices.Delete(slices.Clone(s.sessions), i, i+1)
				break
			}
		}
		s.mu.Unlock()
	}
	for _, f := range p.Event.Added {
		s.addFolder(decodeURI(f.URI))
	}
	go func() {
		ctx := context.Background()
		s.mu.Lock()
		pull := s.caps.configuration
		s.mu.Unlock()
		var mods []modification
		if pull {
			mods = s.fetchSettings(ctx)
		}
		_ = s.didModifyFiles(ctx, mods)
	}()
	return nil
}

// locate finds the session, book and snapshot of a document URI.
func (s *Server) locate(u DocumentURI) (*Snapshot, string, bool) {
	f := decodeURI(u)
	var best *Session
	var rel string
	for _, sess := range s.allSessions() {
		if r, ok := sess.relPath(f.Path); ok && (best == nil || len(sess.root) > len(best.root)) {
			best, rel = sess, r
		}
	}
	if best == nil {
		return nil, "", false
	}
	best.mu.Lock()
	b, p := best.bookFor(rel)
	best.mu.Unlock()
	if b == nil {
		return nil, "", false
	}
	return best.current(b), p, true
}

func (s *Server) didOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	return s.didModifyFiles(ctx, []modification{{file: decodeURI(p.TextDocument.URI), action: actionOpen, open: &p.TextDocument}})
}

func (s *Server) didChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	return s.didModifyFiles(ctx, []modification{{file: decodeURI(p.TextDocument.URI), action: actionChange, change: p}})
}

func (s *Server) didClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	return s.didModifyFiles(ctx, []modification{{file: decodeURI(p.TextDocument.URI), action: actionClose}})
}

func (s *Server) didSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	return s.didModifyFiles(ctx, []modification{{file: decodeURI(p.TextDocument.URI), action: actionSave}})
}

func (s *Server) didChangeWatchedFiles(ctx context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	mods := make([]modification, 0, len(p.Changes))
	for _, c := range p.Changes {
		mods = append(mods, modification{file: decodeURI(c.URI), action: watchedAction(c.Type)})
	}
	return s.didModifyFiles(ctx, mods)
}

func (s *Server) didChangeConfiguration(ctx context.Context, p *struct {
	Settings json.RawMessage `json:"settings"`
}) error {
	go func() { // fetching waits for a reply that this goroutine's caller reads
		ctx := context.Background()
		s.mu.Lock()
		pull := s.caps.configuration
		s.mu.Unlock()
		var mods []modification
		if pull {
			mods = s.fetchSettings(ctx)
		} else {
			var wrapper struct {
				Bookmarks json.RawMessage `json:"bookmarks"`
			}
			if json.Unmarshal(p.Settings, &wrapper) == nil && wrapper.Bookmarks != nil {
				st, problems := parseSettings(wrapper.Bookmarks)
				s.reportSettingProblems(problems)
				mods = []modification{{action: actionConfig, settings: st}} // every folder
			}
		}
		_ = s.didModifyFiles(ctx, mods)
	}()
	return nil
}

// fetchSettings asks the client for each folder's bookmarks.* settings;
// it returns them as modifications for didModifyFiles.
func (s *Server) fetchSettings(ctx context.Context) []modification {
	sessions := s.allSessions()
	if len(sessions) == 0 {
		return nil
	}
	var items []protocol.ConfigurationItem
	for _, sess := range sessions {
		item := protocol.ConfigurationItem{Section: optPtr("bookmarks")}
		if sess.uri != "" {
			scope := sess.uri
			item.ScopeURI = &scope
		}
		items = append(items, item)
	}
	var result []protocol.LSPAny
	if _, err := s.conn.Call(ctx, protocol.MethodWorkspaceConfiguration, protocol.ConfigurationParams{Items: items}, &result); err != nil {
		s.log.Warn("workspace/configuration failed", zap.Error(err))
		return nil
	}
	var mods []modification
	for i, sess := range sessions {
		if i >= len(result) {
			break
		}
		st, problems := parseSettings(json.RawMessage(result[i]))
		s.reportSettingProblems(problems)
		mods = append(mods, modification{file: fileID{URI: sess.uri}, action: actionConfig, settings: st})
	}
	return mods
}

func (s *Server) reportSettingProblems(problems []string) {
	for _, msg := range problems {
		_ = s.client.ShowMessage(context.Background(), &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: "bookmarks-ls: " + msg})
	}
}

// registerWatcher asks the client to watch the book files.
func (s *Server) registerWatcher(ctx context.Context) {
	opts := protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
		{GlobPattern: protocol.Pattern("**/*.txt")},
		{GlobPattern: protocol.Pattern("**/.bookmarks")},
		{GlobPattern: protocol.Pattern("**/zguide.book")},
		{GlobPattern: protocol.Pattern("**/bookmarks-ls.toml")}, // a config edit takes effect at once
		{GlobPattern: protocol.Pattern("**/bin/*")},             // driver scripts give run orders
	}}
	err := s.client.RegisterCapability(ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID: "bookmarks-watch", Method: protocol.MethodWorkspaceDidChangeWatchedFiles, RegisterOptions: lspAny(&opts),
	}}})
	if err != nil {
		s.log.Warn("registering the file watcher failed", zap.Error(err))
	}
}
