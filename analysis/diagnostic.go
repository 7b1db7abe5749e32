package analysis

// Severity of a diagnostic, ordered as LSP orders them.
type Severity uint8

const (
	SevError Severity = iota + 1
	SevWarning
	SevInformation
	SevHint
)

func (s Severity) String() string {
	switch s {
	case SevError:
		return "error"
	case SevWarning:
		return "warning"
	case SevInformation:
		return "information"
	case SevOff:
		return "off"
	}
	return "hint"
}

// Diagnostic codes. They are stable: editors, CI configurations
// and the README table use them.
const (
	DiagUndefinedBookmark    = "undefined-bookmark"
	DiagForwardReference     = "forward-reference"
	DiagStaleReference       = "stale-reference"
	DiagAdjacentReferences   = "adjacent-references"
	DiagNotAReference        = "not-a-reference"
	DiagIllegalDirective     = "illegal-directive"
	DiagUnparsedCodeBlock    = "unparsed-code-block"
	DiagUnclosedCodeBlock    = "unclosed-code-block"
	DiagDiscardedExampleCode = "discarded-example-code"
	DiagUndefinedSymbol      = "undefined-symbol"
	DiagBrokenEnvDefault     = "broken-env-default"
	DiagBookmarkNameHasSpace = "bookmark-name-has-space"
	DiagBookmarkUnattached   = "bookmark-unattached"
	DiagBookmarkOverridden   = "bookmark-overridden"
	DiagDuplicateAnchor      = "duplicate-anchor"
	DiagEmptyAnchor          = "empty-anchor"
	DiagEndHidesOutput       = "end-hides-output"
	DiagDashDashInBookmark   = "dash-dash-in-bookmark"
	DiagToolDies             = "tool-dies"
	DiagUnreferencedBookmark = "unreferenced-bookmark"

	DiagStaleEntry               = "stale-entry"
	DiagTitleMismatch            = "title-mismatch"
	DiagMissingFinalNewline      = "missing-final-newline"
	DiagCRLFLine                 = "crlf-line"
	DiagUnreadableLine           = "unreadable-line"
	DiagDuplicateEntry           = "duplicate-entry"
	DiagMissingEntry             = "missing-entry"
	DiagSiteEntryWithoutDocument = "site-entry-without-document"
	DiagFileTooLarge             = "file-too-large"
	DiagUnreadableFile           = "unreadable-file"
)

// DiagCodes lists every diagnostic code, for the config's severity table.
var DiagCodes = []string{
	DiagUndefinedBookmark, DiagForwardReference, DiagStaleReference, DiagAdjacentReferences,
	DiagNotAReference, DiagIllegalDirective, DiagUnparsedCodeBlock, DiagUnclosedCodeBlock, DiagDiscardedExampleCode,
	DiagUndefinedSymbol, DiagBrokenEnvDefault, DiagBookmarkNameHasSpace, DiagBookmarkUnattached,
	DiagBookmarkOverridden, DiagDuplicateAnchor, DiagEmptyAnchor, DiagEndHidesOutput,
	DiagDashDashInBookmark, DiagUnreferencedBookmark, DiagStaleEntry, DiagTitleMismatch, DiagMissingFinalNewline,
	DiagCRLFLine, DiagUnreadableLine, DiagDuplicateEntry, DiagMissingEntry,
	DiagSiteEntryWithoutDocument, DiagFileTooLarge, DiagUnreadableFile,
}

// KnownDiagCode reports whether code is one of DiagCodes.
func KnownDiagCode(code string) bool {
	for _, c := range DiagCodes {
		if c == code {
			return true
		}
	}
	return false
}

// Related points at another place that explains a diagnostic.
type Related struct {
	Location
	Message string
}

// Diagnostic is one problem found in a book or its bookmark files.
type Diagnostic struct {
	Location
	Severity Severity
	Code     string
	Message  string
	Related  []Related
	// Unneeded marks a span that could go: editors fade it (LSP's
	// Unnecessary tag).
	Unneeded bool
}
