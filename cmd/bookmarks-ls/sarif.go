package main

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// SARIF 2.1.0 as code-scanning tools read it. The log must validate
// against the schema and the SARIF Multitool's SARIF and GitHub rule sets
// (sarif_test.go): URIs percent-encoded, relative ones resolved through
// originalUriBaseIds, columns counted in Unicode code points, every rule
// described.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                   `json:"columnKind"`
	Results            []sarifResult            `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string           `json:"id"`
	ShortDescription     sarifText        `json:"shortDescription"`
	FullDescription      sarifText        `json:"fullDescription"`
	Help                 sarifMultiformat `json:"help"`
	HelpURI              string           `json:"helpUri"`
	DefaultConfiguration sarifConfig      `json:"defaultConfiguration"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	ID               int           `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

const (
	// srcRoot is the base of relative URIs: the folder check ran in.
	srcRoot = "%SRCROOT%"
	// rulesHelpURI is where the diagnostics tables are.
	rulesHelpURI   = "https://github.com/bookmarks-ls/bookmarks-ls/blob/main/README.md#diagnostics"
	informationURI = "https://github.com/bookmarks-ls/bookmarks-ls"
)

// rule is one row of the README's diagnostics tables.
type rule struct {
	code, severity, meaning, tool string
}

// level is the SARIF level of the rule's default severity (the first word
// of the table's severity column).
func (r rule) level() string {
	switch strings.Fields(r.severity)[0] {
	case "error":
		return "error"
	case "warning":
		return "warning"
	}
	return "note"
}

func (r rule) sarif() sarifRule {
	plain := func(s string) string { return strings.ReplaceAll(s, "`", "") }
	full := sentence(plain(r.meaning)) + " What the real tool does: " + sentence(plain(r.tool))
	if r.severity != r.level() {
		full += " Severity: " + sentence(plain(r.severity))
	}
	return sarifRule{
		ID:               r.code,
		ShortDescription: sarifText{sentence(plain(r.meaning))},
		FullDescription:  sarifText{full},
		Help: sarifMultiformat{
			Text: full + " See the diagnostics tables of the bookmarks-ls README: " + rulesHelpURI,
			Markdown: "**" + r.code + "** (" + r.severity + "): " + sentence(r.meaning) +
				"\n\nWhat the real tool does: " + sentence(r.tool) +
				"\n\nSee the [diagnostics tables](" + rulesHelpURI + ") of the bookmarks-ls README.",
		},
		HelpURI:              rulesHelpURI,
		DefaultConfiguration: sarifConfig{r.level()},
	}
}

// sentence capitalises nothing (codes and names start lower case on
// purpose) but ends the text with a period, as SARIF asks of messages.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func sarifLevel(s analysis.Severity) string {
	switch s {
	case analysis.SevError:
		return "error"
	case analysis.SevWarning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, all []located) error {
	// SARIF compares versions that start with a digit: v1.2.3 → 1.2.3.
	driver := sarifDriver{Name: "bookmarks-ls", Version: strings.TrimPrefix(Version(), "v"), InformationURI: informationURI}
	index := map[string]int{}
	for i, r := range rules {
		index[r.code] = i
		driver.Rules = append(driver.Rules, r.sarif())
	}
	results := []sarifResult{}
	for _, l := range all {
		i, ok := index[l.d.Code]
		if !ok {
			// A code the tables do not know yet: describe it by its id
			// rather than drop the finding.
			i = len(driver.Rules)
			index[l.d.Code] = i
			driver.Rules = append(driver.Rules, rule{l.d.Code, l.d.Severity.String(), l.d.Code, "see the README"}.sarif())
		}
		res := sarifResult{
			RuleID: l.d.Code, RuleIndex: i, Level: sarifLevel(l.d.Severity), Message: sarifText{l.d.Message},
			Locations: []sarifLocation{l.sarifLoc(l.d.Location, 0, "")},
		}
		for i, r := range l.d.Related {
			res.RelatedLocations = append(res.RelatedLocations, l.sarifLoc(r.Location, i+1, r.Message))
		}
		results = append(results, res)
	}
	run := sarifRun{Tool: sarifTool{driver}, ColumnKind: "unicodeCodePoints", Results: results}
	if wd, err := os.Getwd(); err == nil {
		run.OriginalURIBaseIDs = map[string]sarifArtifact{srcRoot: {URI: fileURI(wd) + "/"}}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// fileURI is the file:// URI of an absolute path, percent-encoded.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	return strings.TrimSuffix((&url.URL{Scheme: "file", Path: p}).String(), "/")
}

// artifact is the SARIF location of a path as check shows it: a relative
// path becomes a percent-encoded relative reference against %SRCROOT%, an
// absolute one a file:// URI.
func artifact(path string) sarifArtifact {
	if filepath.IsAbs(path) {
		return sarifArtifact{URI: fileURI(path)}
	}
	return sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(path)}).String(), URIBaseID: srcRoot}
}

func (l located) sarifLoc(at analysis.Location, id int, msg string) sarifLocation {
	j := l.loc(at)
	s := sarifLocation{ID: id, PhysicalLocation: sarifPhysical{
		ArtifactLocation: artifact(j.File),
		Region:           sarifRegion{StartLine: j.Line, StartColumn: j.Column, EndLine: j.EndLine, EndColumn: j.EndColumn},
	}}
	if msg != "" {
		s.Message = &sarifText{msg}
	}
	return s
}
