// Command bookmarks-ls is a language server for guide books (the ZeroMQ
// Guide's plain-text format) and a command-line checker.
//
//	bookmarks-ls [--stdio] [--log-file FILE] [--log-level LEVEL]   serve LSP on stdio
//	bookmarks-ls check [--profile P] [--format F] [--fresh] PATH…
//	bookmarks-ls bookmarks [--profile P] [--fresh] [--write] PATH
//	bookmarks-ls version
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	if os.Getenv("BOOKMARKS_LS_TEST_CRASH_BEFORE_RENAME") == "1" {
		// Test hook: die between writing the temporary file and the rename,
		// to prove that --write never leaves a half-written bookmark file.
		beforeRename = func(string) { os.Exit(3) }
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(args[1:], stdout, stderr)
		case "bookmarks":
			return runBookmarks(args[1:], stdout, stderr)
		case "version", "--version":
			printVersion(stdout)
			return 0
		case "help", "-h", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	return runServe(args, stdin, stdout, stderr)
}

const usage = `bookmarks-ls: language server and checker for guide books

Usage:
  bookmarks-ls [--stdio] [--log-file FILE] [--log-level debug|info|warn|error] [--cpuprofile FILE]
      serve the Language Server Protocol on stdin/stdout
  bookmarks-ls check [--profile P] [--format text|json|sarif|tool] [--fresh] PATH...
      report problems in book folders or single guide files; exit 1 on errors
  bookmarks-ls bookmarks [--profile P] [--fresh] [--write] PATH
      print (or atomically --write) the bookmark file the tool would leave
  bookmarks-ls version

Profiles: mkwikidot, mkdocbook, mkmarkdown, z2w, z2w-2012-11 (detected when omitted).
`
