package lsp_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// watched sends one didChangeWatchedFiles with the given events.
func (e *env) watched(events ...protocol.FileEvent) {
	e.t.Helper()
	if err := e.c.Notify(e.ctx(), "workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: events}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) event(name string, typ protocol.FileChangeType) protocol.FileEvent {
	return protocol.FileEvent{URI: e.uri(name), Type: typ}
}

func isEmpty(ds []protocol.Diagnostic) bool { return len(ds) == 0 }

func undefinedOnly(ds []protocol.Diagnostic) bool { return codesOf(ds) == "undefined-bookmark" }

const twoBooks = `
-- a/chapter1.txt --
.bookmark intro
+ Intro

See [#intro] and [#missing].
-- a/chapter2.txt --
+ Two

See [#missing].
-- b/chapter1.txt --
.bookmark intro
+ Intro

See [#intro] and [#missing].
`

// A book folder deleted or renamed (one event for the folder, as clients
// send) leaves no ghost diagnostics, and the renamed book is served.
func TestBookFolderDeletedOrRenamedReconciles(t *testing.T) {
	e := newEnv(t, twoBooks)
	for _, f := range []string{"a/chapter1.txt", "a/chapter2.txt", "b/chapter1.txt"} {
		e.diagnostics(f, undefinedOnly)
	}
	if err := os.RemoveAll(filepath.Join(e.dir, "a")); err != nil {
		t.Fatal(err)
	}
	e.watched(e.event("a", protocol.FileChangeTypeDeleted))
	e.diagnostics("a/chapter1.txt", isEmpty)
	e.diagnostics("a/chapter2.txt", isEmpty)

	if err := os.Rename(filepath.Join(e.dir, "b"), filepath.Join(e.dir, "c")); err != nil {
		t.Fatal(err)
	}
	e.watched(e.event("b", protocol.FileChangeTypeDeleted), e.event("c", protocol.FileChangeTypeCreated))
	e.diagnostics("b/chapter1.txt", isEmpty)
	e.files["c/chapter1.txt"] = e.files["b/chapter1.txt"]
	e.diagnostics("c/chapter1.txt", undefinedOnly)
	var h protocol.Hover
	e.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("c/chapter1.txt")}, Position: e.pos("c/chapter1.txt", "[#intro]", 3),
	}}, &h)
	if !strings.Contains(lsptest.HoverText(h), "Intro") {
		t.Errorf("hover in the renamed book shows %q, want the Intro section", lsptest.HoverText(h))
	}

	// A dependency folder that comes is not listed; a book folder is.
	writeFile(t, filepath.Join(e.dir, "node_modules", "pkg", "chapter1.txt"), e.files["c/chapter1.txt"])
	writeFile(t, filepath.Join(e.dir, "d", "chapter1.txt"), e.files["c/chapter1.txt"])
	e.watched(e.event("node_modules", protocol.FileChangeTypeCreated), e.event("d", protocol.FileChangeTypeCreated))
	e.files["d/chapter1.txt"] = e.files["c/chapter1.txt"]
	e.diagnostics("d/chapter1.txt", undefinedOnly)
	if ds := e.lastPublished()[string(e.uri("node_modules/pkg/chapter1.txt"))]; ds != nil {
		t.Errorf("node_modules/pkg/chapter1.txt got diagnostics %s: the folder should not be listed", codesOf(ds))
	}
}

// A new chapter opened, never saved and closed disappears: no
// unreadable-file error stays behind.
func TestUnsavedNewChapterClosedDisappears(t *testing.T) {
	e := newEnv(t, paperBook)
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "undefined-bookmark") })
	e.files["chapter3.txt"] = "+ Draft\n\nSee [#nowhere-yet].\n"
	e.open("chapter3.txt")
	e.diagnostics("chapter3.txt", undefinedOnly)
	if err := e.c.Notify(e.ctx(), "textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter3.txt")}}); err != nil {
		t.Fatal(err)
	}
	ds := e.diagnostics("chapter3.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) != "undefined-bookmark" })
	if len(ds) != 0 {
		t.Errorf("the closed unsaved chapter3.txt shows %s, want no diagnostics", codesOf(ds))
	}
}

// Events come late: a Created then Deleted pair for a file that is on disk
// when they arrive (a save through a temporary file) keeps the file.
func TestCreatedThenDeletedFileThatExistsIsKept(t *testing.T) {
	e := newEnv(t, paperBook)
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "undefined-bookmark") })
	writeFile(t, filepath.Join(e.dir, "chapter3.txt"), ".bookmark nowhere\n+ Nowhere Land\n")
	e.watched(e.event("chapter3.txt", protocol.FileChangeTypeCreated), e.event("chapter3.txt", protocol.FileChangeTypeDeleted))
	ds := e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return !strings.Contains(codesOf(ds), "undefined-bookmark") })
	if codesOf(ds) != "forward-reference,forward-reference" {
		t.Errorf("chapter1.txt shows %s, want chapter3's nowhere found (forward-reference,forward-reference)", codesOf(ds))
	}
}

// A workspace folder that is a symlink is listed through it; the URIs the
// client sends (through the link) map to its files.
func TestSymlinkedWorkspaceFolder(t *testing.T) {
	real := t.TempDir()
	files := writeTxtar(t, real, paperBook)
	link := filepath.Join(t.TempDir(), "book")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	e := newEnvAt(t, link, files)
	ds := e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if codesOf(ds) != "forward-reference,undefined-bookmark" {
		t.Errorf("chapter1.txt through the link shows %s, want forward-reference,undefined-bookmark", codesOf(ds))
	}
	var locs []protocol.Location
	e.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: e.uri("chapter1.txt")}, Position: e.pos("chapter1.txt", "[#launching]", 3),
	}}, &locs)
	if len(locs) != 1 || locs[0].URI != e.uri("chapter2.txt") {
		t.Errorf("definition of [#launching] through the link: %+v, want chapter2.txt", locs)
	}
}

// With no workspace at all the user is told why, once, and a chapter
// opened anywhere (whatever its language id) is still served.
func TestNoWorkspaceIsSaidAndFilesAreServed(t *testing.T) {
	e := newEnvServer(t, "", nil, nil)
	msg := e.waitMessage("window/showMessage", func(json.RawMessage) bool { return true })
	if !strings.Contains(msg, "bookmarks-ls: no workspace folder (the client sent no rootUri and no workspaceFolders)") {
		t.Errorf("showMessage %s, want the missing workspace explained", msg)
	}
	e.dir = t.TempDir()
	e.files = map[string]string{"chapter1.txt": ".bookmark intro\n+ Intro\n\nSee [#intro] and [#missing].\n"}
	writeFile(t, filepath.Join(e.dir, "chapter1.txt"), e.files["chapter1.txt"])
	if err := e.c.Notify(e.ctx(), "textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: e.uri("chapter1.txt"), LanguageID: "plaintext", Version: 1, Text: e.files["chapter1.txt"],
	}}); err != nil {
		t.Fatal(err)
	}
	e.diagnostics("chapter1.txt", undefinedOnly)
	if n := len(e.c.Messages("window/showMessage")); n != 1 {
		t.Errorf("%d showMessage notifications, want the one", n)
	}
}

// nestedEnv writes archive to outer/inner and starts a server that is not
// initialized yet: the test opens both folders itself. The env is inner's.
func nestedEnv(t *testing.T, outer, archive string) *env {
	files := writeTxtar(t, filepath.Join(outer, "inner"), archive)
	e := &env{t: t, dir: filepath.Join(outer, "inner"), files: files}
	e.c = lsptest.New(t, func(ctx context.Context, conn jsonrpc2.Conn) {
		srv := lsp.NewServer(conn, zap.NewNop(), "test")
		_, _ = lsp.NewChain(srv.Methods(), zap.NewNop()).Serve(ctx, conn)
	})
	return e
}

// With a folder and a folder inside it both open, the inner folder's
// settings apply to its files, whichever comes first in the list.
func TestNestedFoldersInnermostSettingsApply(t *testing.T) {
	for _, innerFirst := range []bool{true, false} {
		outer := t.TempDir()
		e := nestedEnv(t, outer, "-- chapter1.txt --\nSee [#later] and [#missing].\n.bookmark later\n+ Later\n")
		innerURI := e.rootURI()
		e.c.Answer("workspace/configuration", func(raw json.RawMessage) any {
			var p protocol.ConfigurationParams
			_ = (lsp.Codec{}).Unmarshal(raw, &p)
			out := []any{}
			for _, it := range p.Items {
				if it.ScopeURI != nil && string(*it.ScopeURI) == innerURI {
					out = append(out, map[string]any{"diagnostics": map[string]any{"forwardReferences": "off"}})
				} else {
					out = append(out, map[string]any{})
				}
			}
			return out
		})
		folders := []map[string]string{{"uri": innerURI, "name": "inner"}, {"uri": "file://" + filepath.ToSlash(outer), "name": "outer"}}
		if !innerFirst {
			folders[0], folders[1] = folders[1], folders[0]
		}
		var res json.RawMessage
		e.call("initialize", map[string]any{"processId": nil, "workspaceFolders": folders, "capabilities": map[string]any{"workspace": map[string]any{"configuration": true}}}, &res)
		if err := e.c.Notify(e.ctx(), "initialized", map[string]any{}); err != nil {
			t.Fatal(err)
		}
		ds := e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
		if codesOf(ds) != "undefined-bookmark" {
			t.Errorf("inner folder listed first %v: chapter1.txt shows %s, want undefined-bookmark (forward references off in the inner folder)", innerFirst, codesOf(ds))
		}
	}
}

// A client that watches no files (no didChangeWatchedFiles dynamic
// registration) still sees changes made outside the editor: the server
// watches the book folders itself.
func TestServerWatchesWhenClientCannot(t *testing.T) {
	e := newEnv(t, paperBook)
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return strings.Contains(codesOf(ds), "undefined-bookmark") })
	if n := len(e.c.Messages("client/registerCapability")); n != 0 {
		t.Fatalf("the server asked a client without dynamic registration to watch files (%d requests)", n)
	}
	// A git pull brings a chapter defining the missing bookmark; no event is sent.
	writeFile(t, filepath.Join(e.dir, "chapter3.txt"), ".bookmark nowhere\n+ Nowhere Land\n")
	e.diagnostics("chapter1.txt", func(ds []protocol.Diagnostic) bool { return codesOf(ds) == "forward-reference,forward-reference" })
	// And a new folder with a chapter in it, then an edit there.
	writeFile(t, filepath.Join(e.dir, "xl8n", "chapter1.txt"), "See [#elsewhere].\n")
	e.diagnostics("xl8n/chapter1.txt", undefinedOnly)
	writeFile(t, filepath.Join(e.dir, "xl8n", "chapter1.txt"), "No reference left.\n")
	e.diagnostics("xl8n/chapter1.txt", isEmpty)
}

// A book in a folder nested in another workspace folder is one book: its
// anchors are listed once by workspace/symbol, not once per folder.
func TestWorkspaceSymbolListsANestedBookOnce(t *testing.T) {
	outer := t.TempDir()
	e := nestedEnv(t, outer, "-- chapter1.txt --\n.bookmark later\n+ Later\nSee [#later].\n")
	folders := []map[string]string{{"uri": "file://" + filepath.ToSlash(outer), "name": "outer"}, {"uri": e.rootURI(), "name": "inner"}}
	var res json.RawMessage
	e.call("initialize", map[string]any{"processId": nil, "workspaceFolders": folders, "capabilities": map[string]any{}}, &res)
	if err := e.c.Notify(e.ctx(), "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	var syms []struct {
		Name     string `json:"name"`
		Location struct {
			URI string `json:"uri"`
		} `json:"location"`
	}
	e.call("workspace/symbol", map[string]any{"query": "later"}, &syms)
	var got []string
	for _, s := range syms {
		got = append(got, s.Name+" "+strings.TrimPrefix(s.Location.URI, "file://"+filepath.ToSlash(outer)))
	}
	want := []string{"Chapter 1 - Later [#Chapter-Later] /inner/chapter1.txt", "Chapter 1 - Later [#later] /inner/chapter1.txt"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("workspace/symbol \"later\" with folders outer and outer/inner:\n got %q\nwant %q", got, want)
	}
}
