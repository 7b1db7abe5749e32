package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/bookmarks-ls/bookmarks-ls/lsp"
	"github.com/bookmarks-ls/bookmarks-ls/lsp/lsptest"
)

// writeBook writes name, text pairs under a new folder and returns it.
func writeBook(t *testing.T, pairs ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i+1 < len(pairs); i += 2 {
		p := filepath.Join(dir, filepath.FromSlash(pairs[i]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(pairs[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runBin runs the built binary in dir and returns stdout, stderr, status.
func runBin(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	return runBinStdin(t, dir, "", args...)
}

// Three books whose files are not named like the Guide's, each ordered by
// one source only. In each, "start" references an anchor of a file that
// runs later (a forward reference) and one that exists nowhere.
var anyBooks = []struct {
	name  string
	files []string
	// first and later are the files of the run in order: later holds the
	// .bookmark the first file references.
	first, later string
}{
	{"zguide.book", []string{
		"zguide.book", "TITLE=Knots\n# content\n./start.txt\nlater.txt\n",
		"later.txt", ".output later.wd\n.bookmark bowline\n+ The Bowline\n\nA loop that does not slip.\n",
		"start.txt", ".output start.wd\n+ Start Here\n\nTie [#bowline] first. See [#nowhere].\n",
		"notes.txt", "+ Not in the book\nSee [#elsewhere].\n",
	}, "start.txt", "later.txt"},
	{"bin/buildguide", []string{
		"bin/buildguide", "#!/bin/bash\n# the book's own driver\nbin/mkwikidot \\\n    start.txt \\\n    later.txt > log.txt\n",
		"later.txt", ".output later.wd\n.bookmark bowline\n+ The Bowline\n\nA loop that does not slip.\n",
		"start.txt", ".output start.wd\n+ Start Here\n\nTie [#bowline] first. See [#nowhere].\n",
	}, "start.txt", "later.txt"},
	{"bookmarks-ls.toml", []string{
		"bookmarks-ls.toml", "# runs of this book\n[[run]]\ntool = \"mkwikidot\"\nfiles = [\"b-start.txt\", \"a-later.txt\"]\n",
		"a-later.txt", ".output later.wd\n.bookmark bowline\n+ The Bowline\n\nA loop that does not slip.\n",
		"b-start.txt", ".output start.wd\n+ Start Here\n\nTie [#bowline] first. See [#nowhere].\n",
	}, "b-start.txt", "a-later.txt"},
}

func TestAnyBookCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	for _, b := range anyBooks {
		t.Run(b.name, func(t *testing.T) {
			dir := writeBook(t, b.files...)
			out, errs, code := runBin(t, dir, "check", ".")
			if code != 1 || errs != "" {
				t.Errorf("check .: status %d, stderr %q; want 1 (an undefined bookmark)", code, errs)
			}
			for _, want := range []string{
				b.first + ":4:5: warning: forward reference: \"bowline\" is defined later and not in ",
				b.first + ":4:27: error: Undefined bookmark: nowhere; fix the name or add .bookmark nowhere before its header [undefined-bookmark]",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("check . lacks %q; got:\n%s", want, out)
				}
			}
			if strings.Contains(out, "notes.txt") || strings.Contains(out, "elsewhere") {
				t.Errorf("notes.txt is in no run and no guide file, yet reported:\n%s", out)
			}
			// The tool's own view of the same run, from a fresh checkout.
			out, _, _ = runBin(t, dir, "check", "--format", "tool", "--fresh", ".")
			if out != "Undefined bookmark: bowline\nUndefined bookmark: nowhere\n" {
				t.Errorf("check --format tool --fresh: %q", out)
			}
		})
	}
}

func TestAnyBookServer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	for _, b := range anyBooks {
		t.Run(b.name, func(t *testing.T) {
			dir := writeBook(t, b.files...)
			p := startLSP(t, buildBinary(t), dir, false)
			ds := p.waitDiagnostics(b.first, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
			if got := strings.Join(codes(ds), " "); got != "forward-reference undefined-bookmark" {
				t.Errorf("diagnostics of %s: %s", b.first, got)
			}
			text := readText(t, filepath.Join(dir, b.first))
			at := strings.Index(text, "[#bowline]") + 3
			var locs []protocol.Location
			p.call("textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: tdp(p.uri(b.first), p.position(text, at))}, &locs)
			if len(locs) != 1 || string(locs[0].URI) != p.uri(b.later) || locs[0].Range.Start.Line != 2 {
				t.Errorf("definition of [#bowline]: %+v, want %s line 3", locs, b.later)
			}
			var hover protocol.Hover
			p.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: tdp(p.uri(b.first), p.position(text, at))}, &hover)
			if !strings.Contains(lsptest.HoverText(hover), "The Bowline") || !strings.Contains(lsptest.HoverText(hover), "A loop that does not slip.") {
				t.Errorf("hover on [#bowline]: %q", lsptest.HoverText(hover))
			}
			var list protocol.CompletionList
			p.call("textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: tdp(p.uri(b.first), p.position(text, at-1))}, &list)
			found := false
			for _, it := range list.Items {
				found = found || (it.Label == "bowline" && strings.Contains(optString(it.Detail), "The Bowline"))
			}
			if !found {
				t.Errorf("completion after [# offers no bowline: %d items", len(list.Items))
			}
		})
	}
}

func TestCheckPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	// A folder with no book fails loudly instead of passing.
	empty := writeBook(t, "notes.txt", "+ Notes\n")
	_, errs, code := runBin(t, empty, "check", ".")
	if code != 2 || !strings.HasPrefix(errs, "bookmarks-ls check: no guide book found in . (looked for bookmarks-ls.toml, zguide.book, .bookmarks, site/.bookmarks, a driver script in bin/, chapterN.txt)") {
		t.Errorf("check on a folder without a book: status %d, stderr %q", code, errs)
	}
	// A folder holding books checks each.
	shelf := writeBook(t, "one/chapter1.txt", "+ One\nSee [#gone].\n", "two/zguide.book", "a.txt\n", "two/a.txt", ".output a.wd\n+ A\nSee [#lost].\n")
	out, _, code := runBin(t, shelf, "check", ".")
	if code != 1 || !strings.Contains(out, "one/chapter1.txt:2:5: error: Undefined bookmark: gone") || !strings.Contains(out, "two/a.txt:3:5: error: Undefined bookmark: lost") {
		t.Errorf("check on a folder of books: status %d\n%s", code, out)
	}
	// Several files are one run in the order given, as the tool's
	// argument list: reversed, the forward reference is resolved.
	dir := writeBook(t, anyBooks[2].files...)
	out, _, _ = runBin(t, dir, "check", "--format", "tool", "--fresh", "b-start.txt", "a-later.txt")
	if out != "Undefined bookmark: bowline\nUndefined bookmark: nowhere\n" {
		t.Errorf("check b-start.txt a-later.txt: %q", out)
	}
	out, _, _ = runBin(t, dir, "check", "--format", "tool", "--fresh", "a-later.txt", "b-start.txt")
	if out != "Undefined bookmark: nowhere\n" {
		t.Errorf("check a-later.txt b-start.txt: %q", out)
	}
	// One file of a book is checked in its book's run: its own findings.
	out, _, code = runBin(t, dir, "check", "a-later.txt")
	if code != 0 || out != "" {
		t.Errorf("check a-later.txt: status %d\n%s", code, out)
	}
	out, _, _ = runBin(t, dir, "check", "b-start.txt")
	if !strings.Contains(out, "b-start.txt:4:5: warning: forward reference") {
		t.Errorf("check b-start.txt inside its book: %s", out)
	}
	// --alone builds it alone, as a translator does: the reference to
	// the other file is then undefined.
	out, _, _ = runBin(t, dir, "check", "--alone", "b-start.txt")
	if !strings.Contains(out, "b-start.txt:4:5: error: Undefined bookmark: bowline") {
		t.Errorf("check --alone b-start.txt: %s", out)
	}
	// --fail-on and --exclude.
	if _, _, code := runBin(t, dir, "check", "--fail-on", "warning", "a-later.txt"); code != 0 {
		t.Errorf("check --fail-on warning on a clean file: status %d", code)
	}
	if _, _, code := runBin(t, dir, "check", "--fail-on", "warning", "--exclude", "b-*.txt", "."); code != 0 {
		t.Errorf("check --exclude b-*.txt: status %d, want 0 (every finding is in b-start.txt)", code)
	}
	if _, errs, code := runBin(t, dir, "check", "--fail-on", "loud", "."); code != 2 || !strings.Contains(errs, "--fail-on") {
		t.Errorf("bad --fail-on: status %d %q", code, errs)
	}
	// bookmarks over several files: the bookmark file that one run leaves.
	out, _, code = runBin(t, dir, "bookmarks", "a-later.txt", "b-start.txt")
	if code != 0 || out != "Chapter-Start-Here Chapter 2 - Start Here\nChapter-The-Bowline Chapter 1 - The Bowline\nbowline Chapter 1 - The Bowline\n" {
		t.Errorf("bookmarks a-later.txt b-start.txt: status %d\n%s", code, out)
	}
	// A file outside the book's folder is built alone, in a folder that
	// is no book: --write refuses it and writes nothing.
	os.MkdirAll(filepath.Join(dir, "drafts"), 0o755)
	os.WriteFile(filepath.Join(dir, "drafts", "d.txt"), []byte(".bookmark draft\n+ Draft\n"), 0o644)
	if _, errs, code := runBin(t, dir, "bookmarks", "--write", "drafts/d.txt"); code != 2 || !strings.Contains(errs, "drafts is not a book") {
		t.Errorf("bookmarks --write drafts/d.txt: status %d %s; want 2, drafts is not a book", code, errs)
	}
	for _, p := range []string{"drafts/.bookmarks", ".bookmarks"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("bookmarks --write drafts/d.txt wrote %s", p)
		}
	}
	// A bad config: exit 2 naming file, line and key.
	os.WriteFile(filepath.Join(dir, "bookmarks-ls.toml"), []byte("[[run]]\ntool = \"mkwikidot\"\nfiles = [\"b-start.txt\"]\n\n[severity]\nempty-ancor = \"off\"\n"), 0o644)
	for _, arg := range []string{".", "b-start.txt"} {
		_, errs, code = runBin(t, dir, "check", arg)
		if code != 2 || errs != "bookmarks-ls check: bookmarks-ls.toml:6: severity.empty-ancor: unknown diagnostic code \"empty-ancor\"\n" {
			t.Errorf("check %s with a bad config: status %d, stderr %q", arg, code, errs)
		}
	}
}

// copyTree copies a folder (regular files only).
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestCheckTheRealGuide: on the Guide as it is, check passes while the
// translations' findings stay visible.
func TestCheckTheRealGuide(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := copyTree(t, filepath.Join(corpus(t), "zguide-2025"))
	out, errs, code := runBin(t, dir, "check", ".")
	if code != 0 || errs != "" {
		t.Errorf("check .: status %d, stderr %q; want 0", code, errs)
	}
	xl8n, xl8nErrors := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "xl8n/") {
			xl8n++
			if strings.Contains(line, ": error: ") {
				xl8nErrors++
			}
		}
	}
	if xl8n != 67 || xl8nErrors != 0 || !strings.Contains(out, "xl8n/chapter1.txt:85:1: warning: unparsed code block: its body is read as text; a text diagram needs a title") {
		t.Errorf("check . shows %d xl8n/ findings (%d errors); want the 67, capped at warning", xl8n, xl8nErrors)
	}
	if _, _, code := runBin(t, dir, "check", "--fail-on", "warning", "."); code != 1 {
		t.Errorf("check --fail-on warning: status %d, want 1", code)
	}
	if !strings.Contains(out, "[empty-anchor]") {
		t.Fatal("no empty-anchor finding to turn off")
	}
	os.WriteFile(filepath.Join(dir, "bookmarks-ls.toml"), []byte("[severity]\nempty-anchor = \"off\"\n"), 0o644)
	off, _, _ := runBin(t, dir, "check", ".")
	if strings.Contains(off, "[empty-anchor]") || strings.Count(off, "\n") != strings.Count(out, "\n")-strings.Count(out, "[empty-anchor]") {
		t.Errorf("empty-anchor = \"off\" left %d lines of %d", strings.Count(off, "\n"), strings.Count(out, "\n"))
	}
	os.Remove(filepath.Join(dir, "bookmarks-ls.toml"))

	// One chapter: only its own findings, from the book's run.
	ch1, _, code := runBin(t, dir, "check", "chapter1.txt")
	var want []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "chapter1.txt:") {
			want = append(want, line)
		}
	}
	if code != 0 || len(want) == 0 || strings.TrimSpace(ch1) != strings.Join(want, "\n") {
		t.Errorf("check chapter1.txt: status %d\n%s\nwant the %d chapter1.txt lines of check .", code, ch1, len(want))
	}
}

// TestServerFindsBooksWatchesConfigAndServesLooseFiles: the server finds
// books by the same rule as check, a bookmarks-ls.toml edit takes effect
// without a restart (and a bad one is shown, the defaults used), and a
// guide file opened outside every workspace folder is a one-file run.
func TestServerFindsBooksWatchesConfigAndServesLooseFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	var pairs []string
	for i, f := range anyBooks[0].files {
		if i%2 == 0 {
			f = "knots/" + f
		}
		pairs = append(pairs, f)
	}
	for i, f := range anyBooks[1].files {
		if i%2 == 0 {
			f = "drive/" + f
		}
		pairs = append(pairs, f)
	}
	shelf := writeBook(t, pairs...)
	p := startLSP(t, buildBinary(t), shelf, false)
	two := func(ds []protocol.Diagnostic) bool { return len(ds) == 2 }
	p.waitDiagnostics("knots/start.txt", two)
	p.waitDiagnostics("drive/start.txt", two)

	cfg := filepath.Join(shelf, "drive", "bookmarks-ls.toml")
	changed := func(typ protocol.FileChangeType) {
		p.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: lsp.DocumentURI(p.uri("drive/bookmarks-ls.toml")), Type: typ}}})
	}
	os.WriteFile(cfg, []byte("[severity]\nundefined-bookmark = \"off\"\n"), 0o644)
	changed(protocol.FileChangeTypeCreated)
	p.waitDiagnostics("drive/start.txt", func(ds []protocol.Diagnostic) bool {
		return strings.Join(codes(ds), " ") == "forward-reference"
	})
	os.WriteFile(cfg, []byte("[severity]\nundefined-bookmark = \"loud\"\n"), 0o644)
	changed(protocol.FileChangeTypeChanged)
	p.waitDiagnostics("drive/start.txt", two)
	shown := func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, n := range p.notes {
			if n.Method() == "window/showMessage" && strings.Contains(string(n.Params()), "drive/bookmarks-ls.toml:2: severity.undefined-bookmark: severity must be") {
				return true
			}
		}
		return false
	}
	for deadline := time.Now().Add(10 * time.Second); !shown(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a bad bookmarks-ls.toml is not shown with its file, line and key")
		}
	}

	// A guide document opened in a folder of the workspace that is no book.
	os.MkdirAll(filepath.Join(shelf, "notes"), 0o755)
	os.WriteFile(filepath.Join(shelf, "notes", "idea.txt"), []byte("+ Idea\n\nSee [#lost].\n"), 0o644)
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(p.uri("notes/idea.txt")), LanguageID: "zguide", Version: 1, Text: "+ Idea\n\nSee [#lost].\n"}})
	p.waitDiagnostics("notes/idea.txt", func(ds []protocol.Diagnostic) bool { return strings.Join(codes(ds), " ") == "undefined-bookmark" })

	// A loose guide file outside every workspace folder.
	loose := writeBook(t, "draft.txt", "+ Draft\n\n++ Knots\n\nSee [#gone].\n")
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(loose, "draft.txt"))}).String()
	p.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: lsp.DocumentURI(u), LanguageID: "zguide", Version: 1, Text: readText(t, filepath.Join(loose, "draft.txt"))}})
	var got []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got = codes(p.published()[u]); len(got) > 0 {
			break
		}
	}
	if strings.Join(got, " ") != "undefined-bookmark" {
		t.Errorf("loose draft.txt: diagnostics %v, want undefined-bookmark", got)
	}
	var syms []struct {
		Name     string `json:"name"`
		Children []struct {
			Name string `json:"name"`
		} `json:"children"`
	}
	p.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": u}}, &syms)
	if len(syms) != 1 || syms[0].Name != "Draft" || len(syms[0].Children) != 1 || syms[0].Children[0].Name != "Knots" {
		t.Errorf("loose draft.txt: documentSymbol %+v", syms)
	}
}
