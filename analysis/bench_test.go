package analysis

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// memBook reads a corpus book into memory so that benchmarks measure the
// analysis, not the disk, and tests can edit it.
func memBook(tb testing.TB, name string) fstest.MapFS {
	tb.Helper()
	root := filepath.Join(corpusDir(tb), name)
	fsys := fstest.MapFS{}
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return fsys
}

// runFiles returns the main run of zguide-2025 as name/bytes pairs.
func runFiles(b *testing.B, fsys fstest.MapFS) ([]string, [][]byte, *BookmarkFile, int) {
	p, err := Load(FS(fsys), Options{})
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	var srcs [][]byte
	size := 0
	for _, f := range p.Main.Files {
		names = append(names, f.Path)
		srcs = append(srcs, f.Syntax.Src)
		size += len(f.Syntax.Src)
	}
	return names, srcs, p.Main.Bookmarks, size
}

// BenchmarkScanLink is a cold scan and link of the whole zguide-2025 run.
func BenchmarkScanLink(b *testing.B) {
	names, srcs, bf, size := runFiles(b, memBook(b, "zguide-2025"))
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := LinkInput{Profile: Mkwikidot, Bookmarks: bf}
		var state BlockState
		for k, src := range srcs {
			f := Scan(src, Classic, state)
			state = f.Exit
			in.Files = append(in.Files, SourceFile{names[k], f})
		}
		Link(in)
	}
}

// BenchmarkRelinkEdit is the work of one keystroke in chapter3.txt: rescan
// that file and relink the book from the previous link, with every other
// scan reused.
func BenchmarkRelinkEdit(b *testing.B) {
	names, srcs, bf, _ := runFiles(b, memBook(b, "zguide-2025"))
	in := LinkInput{Profile: Mkwikidot, Bookmarks: bf}
	var state BlockState
	edited := -1
	for k, src := range srcs {
		f := Scan(src, Classic, state)
		state = f.Exit
		in.Files = append(in.Files, SourceFile{names[k], f})
		if names[k] == "chapter3.txt" {
			edited = k
		}
	}
	orig := srcs[edited]
	mid := bytes.IndexByte(orig[len(orig)/2:], '\n') + len(orig)/2 + 1
	variants := [2][]byte{
		append(append(append([]byte{}, orig[:mid]...), "An edited line with [#basics] in it.\n"...), orig[mid:]...),
		orig,
	}
	prev := Link(in)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		files := append([]SourceFile(nil), in.Files...)
		f := Scan(variants[i%2], Classic, files[edited].Syntax.Entry)
		files[edited].Syntax = f
		if f.Exit != in.Files[edited].Syntax.Exit {
			b.Fatal("the edit changed the exit state; the benchmark assumes it does not")
		}
		next := Link(LinkInput{Profile: Mkwikidot, Bookmarks: bf, Files: files, Prev: prev})
		if next.trace == prev.trace || &next.Registrations[0] != &prev.Registrations[0] {
			b.Fatal("the edit was not relinked incrementally")
		}
		prev = next
	}
}

// BenchmarkLoadProject is everything check does after reading the files:
// discovery, the main run, the mkdocbook and mkmarkdown runs, the
// translations built alone and both audits.
func BenchmarkLoadProject(b *testing.B) {
	fsys := memBook(b, "zguide-2025")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Load(FS(fsys), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPreview renders what a hover shows of an anchor (title, place,
// first paragraph) for every registration of zguide-2025 in turn.
func BenchmarkPreview(b *testing.B) {
	p, err := Load(FS(memBook(b, "zguide-2025")), Options{})
	if err != nil {
		b.Fatal(err)
	}
	book := p.Main
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		a := book.Registrations[i%len(book.Registrations)]
		n += len(book.RenderedTitle(a)) + len(book.AnchorPlace(a)) + len(book.Preview(a, 400))
	}
	if n == 0 {
		b.Fatal("nothing rendered")
	}
}
