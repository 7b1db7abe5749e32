package main

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// SARIF 2.1.0, the subset code-scanning tools read.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
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
	ID string `json:"id"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
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
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
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
	rules := map[string]bool{}
	results := []sarifResult{}
	for _, l := range all {
		rules[l.d.Code] = true
		res := sarifResult{
			RuleID: l.d.Code, Level: sarifLevel(l.d.Severity), Message: sarifText{l.d.Message},
			Locations: []sarifLocation{l.sarifLoc(l.d.Location, 0, "")},
		}
		for i, r := range l.d.Related {
			res.RelatedLocations = append(res.RelatedLocations, l.sarifLoc(r.Location, i+1, r.Message))
		}
		results = append(results, res)
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	driver := sarifDriver{Name: "bookmarks-ls", Version: Version(), Rules: []sarifRule{}}
	for _, id := range ids {
		driver.Rules = append(driver.Rules, sarifRule{ID: id})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func (l located) sarifLoc(at analysis.Location, id int, msg string) sarifLocation {
	j := l.loc(at)
	s := sarifLocation{ID: id, PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: j.File},
		Region:           sarifRegion{StartLine: j.Line, StartColumn: j.Column, EndLine: j.EndLine, EndColumn: j.EndColumn},
	}}
	if msg != "" {
		s.Message = &sarifText{msg}
	}
	return s
}
