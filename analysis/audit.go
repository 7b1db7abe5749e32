package analysis

import (
	"strconv"
	"strings"
)

// EntryStatus is the audit verdict on one bookmark-file line.
type EntryStatus uint8

const (
	EntryOK         EntryStatus = iota
	EntryStale                  // no header of the book produces the anchor
	EntryMismatch               // the stored title is not what the tool stores
	EntryOtherTool              // the stored title is what a companion tool stores
	EntryUnreadable             // the tools ignore the line
	EntryOverridden             // a later line for the same anchor wins
)

var entryStatusNames = [...]string{"ok", "stale-entry", "title-mismatch", "other-tool", "unreadable-line", "duplicate-entry"}

func (s EntryStatus) String() string { return entryStatusNames[s] }

// EntryAudit is the verdict on one line of a bookmark file.
type EntryAudit struct {
	Entry    *Entry
	Status   EntryStatus
	Expected string  // the title the profile's tool stores, when known
	Anchor   *Anchor // the anchor's definition in the primary book, if any
	// OffByOne is set when the stored title is the next header's title,
	// as z2w 2012-11 stored it (§9.5).
	OffByOne bool
	// Tool names the companion tool whose title the entry holds.
	Tool Profile
}

// Audit compares every line of a bookmark file with what the book's tool
// means to store (design §4) and explains each difference. companions are
// other runs that write the same file (mkdocbook beside mkwikidot, §9.2).
func Audit(bf *BookmarkFile, primary *Book, companions ...*Book) ([]EntryAudit, []Diagnostic) {
	if bf == nil {
		return nil, nil
	}
	var audits []EntryAudit
	var diags []Diagnostic
	diag := func(e *Entry, sev Severity, code, msg string, rel ...Related) {
		diags = append(diags, Diagnostic{Location: entryLineLoc(bf, e), Severity: sev, Code: code, Message: msg, Related: rel})
	}
	lastLine := map[string]int{}
	for i := range bf.Entries {
		if e := &bf.Entries[i]; e.Readable {
			lastLine[e.Anchor] = i
		}
	}
	tool := primary.Profile.String()
	// Era B stores an anchor under the next header's title at each of its
	// registrations; any of them may be the one the file kept.
	nextTitles := map[string][]string{}
	if primary.Profile == Z2W201211 {
		for _, a := range primary.Registrations {
			if a.NextTitle != "" {
				nextTitles[a.Name] = append(nextTitles[a.Name], a.NextTitle)
			}
		}
	}
	offByOne := func(name, title string) bool {
		for _, t := range nextTitles[name] {
			if t == title {
				return true
			}
		}
		return false
	}
	for i := range bf.Entries {
		e := &bf.Entries[i]
		au := EntryAudit{Entry: e}
		if e.LostByte {
			diag(e, SevWarning, CodeMissingFinalNewline,
				"the file does not end with a newline: the tools remove the last byte of every line, so this title is read as \""+e.Title+"\"")
		}
		if !e.Readable {
			au.Status = EntryUnreadable
			if len(strings.TrimSpace(string(bf.Src[e.Span.Start:e.Span.End]))) > 0 {
				if bf.Site && !strings.Contains(string(bf.Src[e.Span.Start:e.Span.End]), "|") {
					diag(e, SevWarning, CodeSiteEntryWithoutDocument, "line has no |document: mkmarkdown ignores it (site/.bookmarks lines are ANCHOR TITLE|DOCUMENT)")
				} else {
					diag(e, SevWarning, CodeUnreadableLine, "line has no title after the anchor: the tools ignore it, and drop it when they rewrite the file")
				}
			}
			audits = append(audits, au)
			continue
		}
		title := e.Title
		if e.CR {
			diag(e, SevWarning, CodeCRLFLine, "line ends with CR LF: the tools keep the CR as the last byte of the "+map[bool]string{true: "document", false: "title"}[bf.Site])
			if bf.Site {
				e2 := *e
				e2.Document = strings.TrimSuffix(e.Document, "\r")
				e = &e2
			} else {
				title = strings.TrimSuffix(title, "\r")
			}
		}
		if e.LostByte {
			title = string(bf.Src[e.TitleAt.Start:e.Span.End])
			if bf.Site {
				e2 := *e
				e2.Document = string(bf.Src[e.TitleAt.End+1 : e.Span.End])
				e = &e2
			}
		}
		if j := lastLine[e.Anchor]; j != i {
			au.Status = EntryOverridden
			other := &bf.Entries[j]
			what := "holds another title for this anchor (\"" + other.Title + "\"); a reading tool keeps that later line"
			if other.Title == e.Title && other.Document == e.Document {
				what = "repeats this entry byte for byte"
			}
			diag(e, SevWarning, CodeDuplicateEntry, "duplicate entry \""+e.Anchor+"\": line "+strconv.Itoa(j+1)+" "+what,
				Related{entryLineLoc(bf, other), "the later line"})
			audits = append(audits, au)
			continue
		}
		blank := ""
		if e.AnchorAt.Start > e.Span.Start {
			blank = " (the line starts with a blank: it was written for a header whose anchor is empty, and is read back under its first word)"
		}
		a := primary.Anchor(e.Anchor)
		au.Anchor = primary.Definition(e.Anchor)
		if a != nil {
			au.Expected = a.Title
			if bf.Site {
				au.Expected = a.Title + "|" + primary.Files[a.File].Headers[a.Header].Document
			}
		}
		got := title
		if bf.Site {
			got = title + "|" + e.Document
		}
		var other *Anchor
		var otherBook *Book
		for _, c := range companions {
			if oa := c.Anchor(e.Anchor); oa != nil && (oa.Stored || c.Profile != Mkdocbook) {
				other, otherBook = oa, c
				break
			}
		}
		switch {
		case a == nil && other == nil:
			au.Status = EntryStale
			diag(e, SevWarning, CodeStaleEntry, "stale entry: no header of the book produces \""+e.Anchor+"\"; references to it resolve silently to \""+title+"\""+blank)
		case a != nil && got == au.Expected:
		case other != nil && got == other.Title:
			au.Status, au.Tool = EntryOtherTool, otherBook.Profile
			if a == nil {
				break
			}
			diag(e, SevInformation, CodeTitleMismatch,
				"title \""+title+"\" is what "+otherBook.Profile.String()+" stores; "+tool+" stores \""+au.Expected+"\" on its next run (both tools rewrite this file)",
				Related{primary.anchorLoc(a), "the header"})
		case a == nil:
			au.Status, au.Expected = EntryMismatch, other.Title
			diag(e, SevWarning, CodeTitleMismatch, "title mismatch: "+otherBook.Profile.String()+" stores \""+other.Title+"\" here, not \""+title+"\""+blank,
				Related{otherBook.anchorLoc(other), "the header"})
		case offByOne(e.Anchor, title):
			au.Status, au.OffByOne = EntryMismatch, true
			diag(e, SevWarning, CodeTitleMismatch,
				"title mismatch: expected \""+au.Expected+"\"; \""+title+"\" is the next header's title, stored by the 2012-11 converter's off-by-one",
				Related{primary.anchorLoc(a), "the header"})
		default:
			au.Status = EntryMismatch
			msg := "title mismatch: " + tool + " stores \"" + au.Expected + "\" for \"" + e.Anchor + "\", the file holds \"" + got + "\"" + blank
			diag(e, SevWarning, CodeTitleMismatch, msg, Related{primary.anchorLoc(a), "the header"})
		}
		audits = append(audits, au)
	}
	if !primary.Fresh && primary.Bookmarks == bf {
		diags = append(diags, missingEntries(bf, primary)...)
	}
	return audits, diags
}

// missingEntries reports, in one diagnostic at the end of the file, the
// anchors the tool would add on its next run.
func missingEntries(bf *BookmarkFile, b *Book) []Diagnostic {
	var names []string
	var rel []Related
	for _, a := range b.Registrations {
		if !a.Stored || b.Anchor(a.Name) != a {
			continue
		}
		if _, ok := bf.Table[a.Name]; ok {
			continue
		}
		names = append(names, strconv.Quote(a.Name))
		rel = append(rel, Related{b.anchorLoc(a), "adds \"" + a.Name + " " + a.Title + "\""})
	}
	if len(names) == 0 {
		return nil
	}
	what := strconv.Itoa(len(names)) + " entries"
	if len(names) == 1 {
		what = "1 entry"
	}
	list := strings.Join(names, ", ")
	if len(names) > 12 {
		list = strings.Join(names[:12], ", ") + ", …"
	}
	end := len(bf.Entries) // the empty line after the last LF
	if len(bf.Src) > 0 && bf.Src[len(bf.Src)-1] != '\n' {
		end--
	}
	return []Diagnostic{{Location: Location{Path: bf.Path, Line: end}, Severity: SevInformation, Code: CodeMissingEntry,
		Message: "missing " + what + ": " + b.Profile.String() + " adds them on its next run: " + list, Related: rel}}
}

// entryLineLoc covers a bookmark-file line.
func entryLineLoc(bf *BookmarkFile, e *Entry) Location {
	end := trimRight(bf.Src, e.Span.Start, e.Span.End)
	return Location{Path: bf.Path, Line: e.Line, Start: 0, End: end - e.Span.Start}
}
