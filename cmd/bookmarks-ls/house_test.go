package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The module's Go files outside tests, parsed (this package sees the
// whole module: it is the one that imports both analysis and lsp).
func moduleSources(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	fset, files := token.NewFileSet(), map[string]*ast.File{}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("only %d Go files found under %s: the walk missed the module", len(files), root)
	}
	return fset, files
}

// No function outside tests is longer than 80 lines: a longer one does
// several things, and is split (issue 14).
func TestNoFunctionOver80Lines(t *testing.T) {
	fset, files := moduleSources(t)
	for path, f := range files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			start, end := fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line
			if n := end - start + 1; n > 80 {
				t.Errorf("%s:%d: %s is %d lines long; split it (at most 80 outside tests)", path, start, fd.Name.Name, n)
			}
		}
	}
}

// analysis knows the format and nothing of the protocol or of logging:
// it imports neither go.lsp.dev, zap, nor the module's other packages.
func TestAnalysisImportsNoProtocolOrLogging(t *testing.T) {
	_, files := moduleSources(t)
	forbidden := []string{"go.lsp.dev/", "go.uber.org/", "github.com/bookmarks-ls/bookmarks-ls/lsp", "github.com/bookmarks-ls/bookmarks-ls/cmd"}
	seen := 0
	for path, f := range files {
		if !strings.HasPrefix(path, "analysis/") {
			continue
		}
		seen++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, prefix := range forbidden {
				if strings.HasPrefix(p, prefix) {
					t.Errorf("%s imports %s: analysis must not depend on the protocol, logging or lsp", path, p)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no file of analysis found")
	}
}
