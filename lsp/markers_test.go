package lsp_test

// Marker tests, in the style of gopls's internal/test/marker: each
// testdata/markers/*.txtar is a book plus a script of markers, and every
// marker's output is compared with a golden section of the same archive.
//
// gopls writes its markers as //@ comments in the Go source. A book has
// no such comment: a ".-" comment is a whole line (it would shift every
// line number the goldens show), code blocks and .bookmarks have none.
// So the markers are a separate script, which also gives edits an order.
//
// An archive has
//
//   - the book's files, written to a temporary workspace exactly as they
//     are (markers never live inside the book, so they cannot change what
//     it means, nor its line numbers);
//   - "-- @markers --": the script, one marker a line, run top to bottom
//     against one server ('#' starts a comment line);
//   - "-- @capabilities.json --" (optional): client capabilities, merged
//     into defaultCapabilities;
//   - "-- @book --" (optional): instead of files, a folder (relative to
//     the archive) whose copy is the book, for books a txtar cannot hold
//     (a file without a final newline) or that live elsewhere (examples/);
//   - "-- @NAME --": the golden output of the markers ending in @NAME
//     (several markers may share one golden: they must then agree).
//
// A marker is a verb, its arguments, and for a query its golden:
//
//	def      POS @g       definition, one location a line
//	refs     POS @g       references, declaration included
//	refs.nodecl POS @g    references without the declaration
//	hover    POS @g       the hover's kind, range and Markdown text
//	complete POS @g       items as a user sees them: label, kind, detail, edit
//	complete.json POS @g  the completion list as sent (its wire shape)
//	resolve  LABEL @g     completionItem/resolve of an item of the last list,
//	                      sent back as received; or of a `{json}` item
//	rename   POS NAME @g  the edits, then each changed file after them
//	diag     FILE @g      the file's diagnostics, once they match (or settle)
//	open     FILE         textDocument/didOpen
//	edit     POS "text"   an incremental didChange (an open file)
//
// POS is FILE:"text^more": the caret marks the position inside a text
// that occurs once in the file as it is now (two carets mark a range, for
// edit); or FILE:LINE:COL; or FILE:$ for the end of the file. Goldens
// print positions as FILE:LINE:COL-LINE:COL (without FILE for a range in
// the request's own file: hover, completion edits), 1-based, columns
// counted in the negotiated encoding (UTF-16 unless the archive offers
// UTF-8).
//
// go test ./lsp -run TestMarkers -update rewrites the goldens from what
// the server answers (and drops unused ones); review them with git diff.

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/markers/*.txtar")

func TestMarkers(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "markers", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no marker archives: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runArchive(t, path)
		})
	}
}

// archive is a parsed marker archive.
type archive struct {
	path      string
	comment   string
	files     map[string]string // every section, by name
	order     []string          // section names as they appear
	scriptAt  int               // line number of the @markers header
	goldenOut map[string]string // goldens as this run produced them
	goldenUse []string          // golden names in order of first use
}

func readArchive(t *testing.T, path string) *archive {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := &archive{path: path, goldenOut: map[string]string{}}
	a.comment, a.files, a.order = parseTxtar(string(data))
	i := strings.Index(string(data), "-- @markers --\n")
	if i < 0 {
		t.Fatalf("%s: no -- @markers -- section", path)
	}
	a.scriptAt = strings.Count(string(data[:i]), "\n") + 1
	return a
}

// bookFiles are the sections that are the book, not test material.
func (a *archive) bookFiles() map[string]string {
	book := map[string]string{}
	for name, text := range a.files {
		if !strings.HasPrefix(name, "@") {
			book[name] = text
		}
	}
	return book
}

func runArchive(t *testing.T, path string) {
	a := readArchive(t, path)
	dir := t.TempDir()
	book := a.bookFiles()
	if from, ok := a.files["@book"]; ok {
		book = readFolder(t, filepath.Join(filepath.Dir(a.path), filepath.FromSlash(strings.TrimSpace(from))))
	}
	writeFiles(t, dir, book)
	r := newMarkerRun(t, a, dir, book)
	for i, line := range strings.Split(a.files["@markers"], "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r.where = a.path + ":" + itoa(uint32(a.scriptAt+1+i))
		r.runMarker(line)
	}
	a.finish(t)
}

// finish checks that every golden was used, or with -update rewrites the
// archive with the goldens of this run.
func (a *archive) finish(t *testing.T) {
	t.Helper()
	if !*update {
		for _, name := range a.order {
			if _, used := a.goldenOut[name]; isGolden(name) && !used {
				t.Errorf("%s: golden %s is used by no marker", a.path, name)
			}
		}
		return
	}
	if t.Failed() {
		t.Fatalf("%s: not rewritten: the run failed", a.path)
	}
	var b strings.Builder
	b.WriteString(a.comment)
	for _, name := range a.order {
		if !isGolden(name) {
			b.WriteString("-- " + name + " --\n" + a.files[name])
		}
	}
	for _, name := range a.goldenUse {
		b.WriteString("-- " + name + " --\n" + a.goldenOut[name])
	}
	if err := os.WriteFile(a.path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func isGolden(section string) bool {
	switch section {
	case "@markers", "@capabilities.json", "@book":
		return false
	}
	return strings.HasPrefix(section, "@")
}

// readFolder reads every file under dir, by slash-separated relative name.
func readFolder(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("book folder %s: %v (%d files)", dir, err, len(files))
	}
	return files
}
