package analysis

import (
	"slices"
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
	// as z2w 2012-11 stored it.
	OffByOne bool
	// Tool names the companion tool whose title the entry holds.
	Tool Profile
}

// Audit compares every line of a bookmark file with what the book's tool
// means to store and explains each difference. companions are
// other runs that write the same file (mkdocbook beside mkwikidot).
func Audit(bf *BookmarkFile, primary *Book, companions ...*Book) ([]EntryAudit, []Diagnostic) {
	st := audit(bf, primary, companions)
	if st == nil {
		return nil, nil
	}
	return st.audits, st.flat
}

// auditState is an audit with the books it was made from, so that the next
// project can reuse it: whole, or but for the entries of the anchors whose
// headers moved (auditAgain).
type auditState struct {
	bf      *BookmarkFile
	books   []*Book // primary, then companions
	audits  []EntryAudit
	diags   [][]Diagnostic // per entry
	missing []*Anchor      // of primary, for the missing-entry diagnostic
	flat    []Diagnostic
}

func audit(bf *BookmarkFile, primary *Book, companions []*Book) *auditState {
	if bf == nil {
		return nil
	}
	au := newAuditor(bf, primary, companions)
	st := &auditState{bf: bf, books: append([]*Book{primary}, companions...), audits: make([]EntryAudit, len(bf.Entries)), diags: make([][]Diagnostic, len(bf.Entries))}
	for i := range bf.Entries {
		st.audits[i], st.diags[i] = au.entry(i)
	}
	if !primary.Fresh && primary.Bookmarks == bf {
		st.missing = missingAnchors(bf, primary)
	}
	st.flatten()
	return st
}

// auditAgain is audit(bf, primary, companions), reusing old when the books
// were relinked from old's with the same anchors: only the entries of a
// file whose headers moved are audited again.
func auditAgain(old *auditState, bf *BookmarkFile, primary *Book, companions []*Book) *auditState {
	books := append([]*Book{primary}, companions...)
	if old == nil || bf == nil || old.bf != bf || len(old.books) != len(books) {
		return audit(bf, primary, companions)
	}
	var redo []string
	for k, b := range books {
		ob := old.books[k]
		switch {
		case b == ob || b.places == ob.places && b.anchors == ob.anchors:
		case b.anchors == ob.anchors && b.prevPlaces == ob.places && b.moved >= 0:
			for _, a := range b.Registrations[b.trace.regs[b.moved]:b.trace.regs[b.moved+1]] {
				redo = append(redo, a.Name)
			}
		default:
			return audit(bf, primary, companions)
		}
	}
	st := *old
	st.books = books
	if len(redo) == 0 {
		return &st
	}
	st.audits, st.diags = slices.Clone(old.audits), slices.Clone(old.diags)
	au := newAuditor(bf, primary, companions)
	for _, name := range redo {
		if i, ok := bf.Table[name]; ok {
			st.audits[i], st.diags[i] = au.entry(i)
		}
	}
	st.flatten()
	return &st
}

func (st *auditState) flatten() {
	n := 1
	for _, ds := range st.diags {
		n += len(ds)
	}
	st.flat = make([]Diagnostic, 0, n)
	for _, ds := range st.diags {
		st.flat = append(st.flat, ds...)
	}
	if len(st.missing) > 0 {
		st.flat = append(st.flat, missingDiagnostic(st.bf, st.books[0], st.missing))
	}
}

// auditor audits single entries of one bookmark file against the books.
type auditor struct {
	bf         *BookmarkFile
	primary    *Book
	companions []*Book
	tool       string
	// Era B stores an anchor under the next header's title at each of its
	// registrations; any of them may be the one the file kept.
	nextTitles map[string][]string
}

func newAuditor(bf *BookmarkFile, primary *Book, companions []*Book) *auditor {
	au := &auditor{bf: bf, primary: primary, companions: companions, tool: primary.Profile.String()}
	if primary.Profile == Z2W201211 {
		au.nextTitles = map[string][]string{}
		for _, a := range primary.Registrations {
			if a.NextTitle != "" {
				au.nextTitles[a.Name] = append(au.nextTitles[a.Name], a.NextTitle)
			}
		}
	}
	return au
}

func (au *auditor) offByOne(name, title string) bool {
	return slices.Contains(au.nextTitles[name], title)
}

// entry audits line i of the file.
func (au *auditor) entry(i int) (EntryAudit, []Diagnostic) {
	bf := au.bf
	var diags []Diagnostic
	diag := func(e *Entry, sev Severity, code, msg string, rel ...Related) {
		diags = append(diags, Diagnostic{Location: entryLineLoc(bf, e), Severity: sev, Code: code, Message: msg, Related: rel})
	}
	e := &bf.Entries[i]
	res := EntryAudit{Entry: e}
	if e.LostByte {
		diag(e, SevWarning, DiagMissingFinalNewline,
			"no final newline, so the tools read this title without its last byte; end the file with a newline")
	}
	if !e.Readable {
		res.Status = EntryUnreadable
		au.unreadable(e, diag)
		return res, diags
	}
	if e.CR {
		diag(e, SevWarning, DiagCRLFLine, "line ends with CR LF, so the tools keep the CR in the "+map[bool]string{true: "document", false: "title"}[bf.Site]+"; save the file with LF line ends")
	}
	e, title := au.asRead(e)
	if j := bf.Table[e.Anchor]; j != i {
		res.Status = EntryOverridden
		other := &bf.Entries[j]
		what := "gives it another title, which the tools keep"
		later := "the later line: \"" + other.Title + "\""
		if other.Title == e.Title && other.Document == e.Document {
			what, later = "repeats it", "the later line, the same"
		}
		diag(e, SevWarning, DiagDuplicateEntry, "duplicate entry \""+e.Anchor+"\": line "+strconv.Itoa(j+1)+" "+what+"; delete one of the lines",
			Related{entryLineLoc(bf, other), later})
		return res, diags
	}
	au.compare(e, title, &res, diag)
	return res, diags
}

// entryDiag reports a diagnostic on an entry's line.
type entryDiag func(e *Entry, sev Severity, code, msg string, rel ...Related)

// unreadable reports why the tools ignore an unreadable entry, unless
// the line is blank.
func (au *auditor) unreadable(e *Entry, diag entryDiag) {
	text := string(au.bf.Src[e.Span.Start:e.Span.End])
	if len(strings.TrimSpace(text)) == 0 {
		return
	}
	if au.bf.Site && !strings.Contains(text, "|") {
		diag(e, SevWarning, DiagSiteEntryWithoutDocument, "line has no |document, so mkmarkdown ignores it; write it as ANCHOR TITLE|DOCUMENT")
	} else {
		diag(e, SevWarning, DiagUnreadableLine, "line has no title after the anchor, so the tools ignore it; add the title or delete the line")
	}
}

// asRead is the entry and its title as the tools read them: without the
// CR of a CR LF line, with the last byte of a line without a final
// newline lost (the document holds what the tools read under site).
func (au *auditor) asRead(e *Entry) (*Entry, string) {
	bf := au.bf
	title := e.Title
	if e.CR {
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
	return e, title
}

// compare sets what the run expects of a readable entry whose line wins,
// and reports how the stored title differs.
func (au *auditor) compare(e *Entry, title string, res *EntryAudit, diag entryDiag) {
	bf, primary, tool := au.bf, au.primary, au.tool
	blank := ""
	if e.AnchorAt.Start > e.Span.Start {
		blank = " (written for a header whose anchor is empty)"
	}
	a := primary.LastAnchor(e.Anchor)
	res.Anchor = primary.FirstAnchor(e.Anchor)
	if a != nil {
		res.Expected = primary.expectedStored(a, bf.Site)
	}
	got := title
	if bf.Site {
		got = title + "|" + e.Document
	}
	var other *Anchor
	var otherBook *Book
	for _, c := range au.companions {
		if oa := c.LastAnchor(e.Anchor); oa != nil && (oa.Stored || !c.Profile.Print()) {
			other, otherBook = oa, c
			break
		}
	}
	switch {
	case a == nil && other == nil:
		res.Status = EntryStale
		diag(e, SevWarning, DiagStaleEntry, "stale entry: no header produces this anchor"+blank+", yet references get its title; delete the line")
	case a != nil && got == res.Expected:
	case other != nil && got == other.Title:
		res.Status, res.Tool = EntryOtherTool, otherBook.Profile
		if a == nil {
			break
		}
		diag(e, SevInformation, DiagTitleMismatch,
			"title is the one "+otherBook.Profile.String()+" stores, not "+tool+"'s; nothing to do: each tool rewrites it when it runs",
			Related{primary.anchorLoc(a), "the header: " + tool + " stores \"" + res.Expected + "\""})
	case a == nil:
		res.Status, res.Expected = EntryMismatch, other.Title
		diag(e, SevWarning, DiagTitleMismatch, "title mismatch"+blank+": "+otherBook.Profile.String()+" stores another title here; repair it (code action or bookmarks --repair)",
			Related{otherBook.anchorLoc(other), "the header: " + otherBook.Profile.String() + " stores \"" + other.Title + "\""})
	case au.offByOne(e.Anchor, title):
		res.Status, res.OffByOne = EntryMismatch, true
		diag(e, SevWarning, DiagTitleMismatch,
			"title mismatch: the next header's title (the 2012-11 off-by-one); repair it (code action or bookmarks --repair)",
			Related{primary.anchorLoc(a), "the header: expected \"" + res.Expected + "\""})
	default:
		res.Status = EntryMismatch
		msg := "title mismatch" + blank + ": " + tool + " stores another title; repair it (code action or bookmarks --repair)"
		diag(e, SevWarning, DiagTitleMismatch, msg, Related{primary.anchorLoc(a), "the header: " + tool + " stores \"" + res.Expected + "\""})
	}
}

// missingAnchors lists the anchors the tool would add to the file on its
// next run.
func missingAnchors(bf *BookmarkFile, b *Book) []*Anchor {
	var out []*Anchor
	for _, a := range b.Registrations {
		if !a.Stored || b.LastAnchor(a.Name) != a {
			continue
		}
		if _, ok := bf.Table[a.Name]; !ok {
			out = append(out, a)
		}
	}
	return out
}

// missingDiagnostic reports the missing anchors in one diagnostic at the
// end of the file.
func missingDiagnostic(bf *BookmarkFile, b *Book, missing []*Anchor) Diagnostic {
	rel := make([]Related, 0, len(missing))
	for _, a := range missing {
		rel = append(rel, Related{b.anchorLoc(a), "adds \"" + a.Name + " " + a.Title + "\""})
	}
	what := strconv.Itoa(len(missing)) + " entries"
	if len(missing) == 1 {
		what = "1 entry"
	}
	end := len(bf.Entries) // the empty line after the last LF
	if len(bf.Src) > 0 && bf.Src[len(bf.Src)-1] != '\n' {
		end--
	}
	return Diagnostic{Location: LineStart(bf.Path, end), Severity: SevInformation, Code: DiagMissingEntry,
		Message: "missing " + what + ", which " + b.Profile.String() + " adds on its next run; regenerate the file (code action or bookmarks --write)", Related: rel}
}

// entryLineLoc covers a bookmark-file line.
func entryLineLoc(bf *BookmarkFile, e *Entry) Location {
	end := trimRight(bf.Src, e.Span.Start, e.Span.End)
	return OnLine(bf.Path, e.Line, 0, end-e.Span.Start)
}
