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

// Diagnostic codes (design §5). They are stable: editors, CI configurations
// and the README table use them.
const (
	CodeUndefinedBookmark    = "undefined-bookmark"
	CodeForwardReference     = "forward-reference"
	CodeStaleReference       = "stale-reference"
	CodeAdjacentReferences   = "adjacent-references"
	CodeNotAReference        = "not-a-reference"
	CodeIllegalDirective     = "illegal-directive"
	CodeUnparsedCodeBlock    = "unparsed-code-block"
	CodeUnclosedCodeBlock    = "unclosed-code-block"
	CodeDiscardedExampleCode = "discarded-example-code"
	CodeUndefinedSymbol      = "undefined-symbol"
	CodeBrokenEnvDefault     = "broken-env-default"
	CodeBookmarkNameHasSpace = "bookmark-name-has-space"
	CodeBookmarkUnattached   = "bookmark-unattached"
	CodeBookmarkOverridden   = "bookmark-overridden"
	CodeDuplicateAnchor      = "duplicate-anchor"
	CodeEmptyAnchor          = "empty-anchor"
	CodeEndHidesOutput       = "end-hides-output"
	CodeDashDashInBookmark   = "dash-dash-in-bookmark"
	CodeToolDies             = "tool-dies"
	CodeUnreferencedBookmark = "unreferenced-bookmark"

	CodeStaleEntry               = "stale-entry"
	CodeTitleMismatch            = "title-mismatch"
	CodeMissingFinalNewline      = "missing-final-newline"
	CodeCRLFLine                 = "crlf-line"
	CodeUnreadableLine           = "unreadable-line"
	CodeDuplicateEntry           = "duplicate-entry"
	CodeMissingEntry             = "missing-entry"
	CodeSiteEntryWithoutDocument = "site-entry-without-document"
	CodeFileTooLarge             = "file-too-large"
	CodeUnreadableFile           = "unreadable-file"
)

// Codes lists every diagnostic code, for the config's severity table.
var Codes = []string{
	CodeUndefinedBookmark, CodeForwardReference, CodeStaleReference, CodeAdjacentReferences,
	CodeNotAReference, CodeIllegalDirective, CodeUnparsedCodeBlock, CodeUnclosedCodeBlock, CodeDiscardedExampleCode,
	CodeUndefinedSymbol, CodeBrokenEnvDefault, CodeBookmarkNameHasSpace, CodeBookmarkUnattached,
	CodeBookmarkOverridden, CodeDuplicateAnchor, CodeEmptyAnchor, CodeEndHidesOutput,
	CodeDashDashInBookmark, CodeUnreferencedBookmark, CodeStaleEntry, CodeTitleMismatch, CodeMissingFinalNewline,
	CodeCRLFLine, CodeUnreadableLine, CodeDuplicateEntry, CodeMissingEntry,
	CodeSiteEntryWithoutDocument, CodeFileTooLarge, CodeUnreadableFile,
}

// KnownCode reports whether code is one of Codes.
func KnownCode(code string) bool {
	for _, c := range Codes {
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
