// Command bookmarks-ls is a language server for guide books (the ZeroMQ
// Guide's plain-text format) and a command-line checker.
//
//	bookmarks-ls [--stdio] [--log-file FILE] [--log-level LEVEL]   serve LSP on stdio
//	bookmarks-ls check [--profile P] [--format F] [--fresh] [--alone] [--fail-on S] [--exclude GLOB] [--stdin-filename FILE] PATH…
//	bookmarks-ls bookmarks [--profile P] [--fresh] [--write [--force]] [--exclude GLOB] [--stdin-filename FILE] PATH…
//	bookmarks-ls version
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if os.Getenv("BOOKMARKS_LS_TEST_CRASH_BEFORE_RENAME") == "1" {
		// Test hook: die between writing the temporary file and the rename,
		// to prove that --write never leaves a half-written bookmark file.
		beforeRename = func(string) { os.Exit(3) }
	}
	if len(os.Args) > 1 && reportsWriteErrors(os.Args[1]) {
		// A closed stdout pipe is a write error the command reports
		// (status 2, a message), not a silent death by SIGPIPE.
		signal.Ignore(syscall.SIGPIPE)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// reportsWriteErrors tells the commands that check every write to stdout
// (output.go); the others keep Go's default, death by SIGPIPE.
func reportsWriteErrors(cmd string) bool { return cmd == "check" || cmd == "bookmarks" }

// cliStdin is what PATH - reads (run's stdin; a variable so that the
// commands keep their signatures).
var cliStdin io.Reader = os.Stdin

// run dispatches a command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cliStdin = stdin
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(args[1:], stdout, stderr)
		case "bookmarks":
			return runBookmarks(args[1:], stdout, stderr)
		case "version", "--version":
			return runVersion(args[1:], stdout, stderr)
		case "help":
			return runHelp(args[1:], stdout, stderr)
		case "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	return runServe(args, stdin, stdout, stderr)
}

const usage = `bookmarks-ls: language server and checker for guide books

Usage:
  bookmarks-ls [--stdio] [--log-file FILE] [--log-level debug|info|warn|error] [--cpuprofile FILE] [--memprofile FILE]
      serve the Language Server Protocol on stdin/stdout
  bookmarks-ls check [--profile P] [--format text|json|sarif|github|tool] [--fresh] [--alone]
                     [--fail-on error|warning|information] [--exclude GLOB]... [--stdin-filename FILE] PATH...
      report problems in book folders or guide files; exit 1 on findings at or above --fail-on
      (several files are one run, in the order given; one file of a book reports its own findings;
      PATH - reads the file named by --stdin-filename from stdin)
  bookmarks-ls bookmarks [--profile P] [--fresh] [--write [--force]] [--exclude GLOB]... [--stdin-filename FILE] PATH...
      print (or atomically --write) the bookmark file the tool would leave; --write takes
      FILE.lock beside it, writes through a symlink, and refuses a folder that is not a book
      and a read-only file (unless --force)
  bookmarks-ls version
  bookmarks-ls help [COMMAND]
      a command's usage and flags (also COMMAND --help)

PATH - reads the file named by --stdin-filename from stdin. Flags may follow the PATHs.

Profiles: mkwikidot, mkdocbook, mkmarkdown, z2w, z2w-2012-11 (detected when omitted).
`
