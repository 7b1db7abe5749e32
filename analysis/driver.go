package analysis

import (
	"bytes"
	"path"
	"slices"
	"strings"
)

// DriverScripts are the Guide's own build scripts, read first and in
// this order; any other script in bin/ that calls a tool comes after them.
var DriverScripts = []string{"bin/buildguide", "bin/buildpdfs", "bin/mkguide", "bin/mkpdfs"}

// toolSlot maps a converter's name to the run it makes: the Wikidot run
// (z2w, later mkwikidot) or the print run (mkbook, later mkdocbook).
var toolSlot = map[string]string{"mkwikidot": "wikidot", "z2w": "wikidot", "mkdocbook": "print", "mkbook": "print"}

// driverCandidates lists the bin/ files worth reading as driver scripts:
// the named ones first, then the other files directly in bin/ (sorted), but
// never the converters themselves, which name themselves in their text.
func driverCandidates(files []string) []string {
	var named, other []string
	isNamed := map[string]bool{}
	for _, d := range DriverScripts {
		isNamed[d] = true
	}
	for _, f := range files {
		dir, base := path.Split(f)
		if dir != "bin/" {
			continue
		}
		switch {
		case isNamed[f]:
		case toolSlot[base] != "" || base == "mkmarkdown":
		default:
			other = append(other, f)
		}
	}
	for _, d := range DriverScripts {
		for _, f := range files {
			if f == d {
				named = append(named, f)
			}
		}
	}
	return append(named, other...)
}

// isShellScript tells a shell script from the other bin/ files (Perl tools,
// binaries): a #! line naming a shell, or no #! line and only text.
func isShellScript(src []byte) bool {
	if bytes.IndexByte(src, 0) >= 0 {
		return false
	}
	if !bytes.HasPrefix(src, []byte("#!")) {
		return true
	}
	first, _, _ := bytes.Cut(src, []byte("\n"))
	for _, sh := range []string{"sh", "bash", "dash", "ksh", "zsh"} {
		for _, w := range strings.Fields(strings.ReplaceAll(string(first[2:]), "/", " ")) {
			if w == sh {
				return true
			}
		}
	}
	return false
}

// driverRuns reads a shell script's converter calls and returns the file
// arguments of the first call of each run ("wikidot", "print"), globs
// expanded against the folder's files as bash does in the C locale.
// Options, variables, command substitutions and redirections are skipped:
// they name no file the book can know of.
func driverRuns(src []byte, files []string) map[string][]string {
	out := map[string][]string{}
	for _, cmd := range shellCommands(string(src)) {
		for len(cmd) > 0 && (isAssignment(cmd[0]) || cmd[0] == "exec" || cmd[0] == "time" || cmd[0] == "env" || cmd[0] == "perl") {
			cmd = cmd[1:] // Z2W_LANG=C bin/mkwikidot …, perl bin/mkwikidot …
		}
		if len(cmd) == 0 {
			continue
		}
		slot := toolSlot[path.Base(cmd[0])]
		if slot == "" || out[slot] != nil {
			continue
		}
		run := []string{}
		for _, w := range cmd[1:] {
			if strings.HasPrefix(w, "-") || strings.ContainsAny(w, "$`") {
				continue
			}
			for _, f := range expandGlob(w, files) {
				if strings.HasSuffix(f, ".txt") || slices.Contains(files, f) {
					run = append(run, f) // a file, not an option's value
				}
			}
		}
		out[slot] = run
	}
	return out
}

func isAssignment(w string) bool {
	eq := strings.IndexByte(w, '=')
	return eq > 0 && !strings.ContainsAny(w[:eq], "/.-$")
}

// shellCommands splits a script into simple commands, each a list of
// words: comments dropped, backslash-newline joined, quotes removed, and
// commands ended by newlines, ;, &, |, ( and ). Words after a redirection
// operator are dropped with the operator.
func shellCommands(s string) [][]string {
	var cmds [][]string
	var cmd []string
	var word strings.Builder
	inWord, redirect := false, false
	flushWord := func() {
		if inWord {
			if !redirect {
				cmd = append(cmd, word.String())
			}
			redirect = false
		}
		word.Reset()
		inWord = false
	}
	endCmd := func() {
		flushWord()
		if len(cmd) > 0 {
			cmds = append(cmds, cmd)
		}
		cmd, redirect = nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] != '\n' {
				word.WriteByte(s[i])
				inWord = true
			}
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				j = len(s) - i - 1
			}
			word.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '#' && !inWord:
			for i < len(s) && s[i] != '\n' {
				i++
			}
			endCmd()
		case c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '{' && !inWord || c == '}' && !inWord:
			endCmd()
		case c == '>' || c == '<':
			if inWord && strings.Trim(word.String(), "0123456789") == "" {
				word.Reset() // the 2 of 2>&1 is a descriptor, not a file
				inWord = false
			}
			flushWord()
			redirect = true
			for i+1 < len(s) && (s[i+1] == '>' || s[i+1] == '&') {
				i++
			}
		case c == ' ' || c == '\t':
			flushWord()
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	endCmd()
	return cmds
}
