package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// writeGitHub prints a diagnostic as a GitHub Actions workflow command
// (`::error file=…,line=…::message`), which the runner turns into an
// annotation on the file. Information and hints become notices: GitHub
// has no such level.
func writeGitHub(w io.Writer, l located) {
	cmd := "notice"
	switch l.d.Severity {
	case analysis.SevError:
		cmd = "error"
	case analysis.SevWarning:
		cmd = "warning"
	}
	j := l.loc(l.d.Location)
	fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
		cmd, ghProperty(j.File), j.Line, j.Column, j.EndLine, j.EndColumn, ghProperty(l.d.Code), ghData(l.d.Message))
}

// ghData escapes a workflow command's message (actions/toolkit escapeData).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value
// (actions/toolkit escapeProperty).
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
