package main

// rules describes every diagnostic code for SARIF: the rows of the README's
// diagnostics tables, in their order (TestRulesMatchREADME keeps the two equal).
var rules = []rule{
	{"undefined-bookmark", "error", "no header and no bookmark-file entry defines `[#x]`", "prints `Undefined bookmark: x`, renders an empty title"},
	{"forward-reference", "warning (information when `.bookmarks` covers it)", "`[#x]` names a header later in the run", "resolves it only through `.bookmarks`; a fresh build prints `Undefined bookmark: x`"},
	{"stale-reference", "warning", "only a stale bookmark-file entry satisfies `[#x]`", "silently prints the old title"},
	{"adjacent-references", "warning", "`[#a][#b]`: the tool reads one name `a][#b`", "prints `Undefined bookmark: a][#b`, loses `b`"},
	{"illegal-directive", "error", "a `.`-line that is no directive of the profile", "prints `Illegal directive <line> at line <N>` (N cumulative over the run), drops the line"},
	{"unparsed-code-block", "error", "`[[code …]]` that matches no opener", "prints `E: unparsed code block: <line>`; the body is read as text, directives and headers"},
	{"unclosed-code-block", "warning", "a block left open at the end of a file", "silently swallows the next file up to its `[[/code]]`, headers and `.bookmark`s included"},
	{"discarded-example-code", "warning", "an example block with a body", "prints `W: discarding code for <title> - <name>` per body line"},
	{"undefined-symbol", "error", "`$(X)` before any `.set X=`", "prints `E: undefined symbol \"X\"`, renders `UNDEF`"},
	{"broken-env-default", "warning", "`%(X?default)`", "always renders nothing"},
	{"bookmark-name-has-space", "warning", "`.bookmark a b`", "stores it; no reference can reach it, `.bookmarks` reads it back split"},
	{"bookmark-unattached", "warning", "no header follows a `.bookmark`", "silently names nothing"},
	{"bookmark-overridden", "warning", "a second `.bookmark` before the header", "the first names nothing"},
	{"duplicate-anchor", "warning", "two headers derive one anchor", "`.bookmarks` keeps the last title; links reach the first"},
	{"empty-anchor", "warning", "a header without ASCII letters", "stores ` TITLE`, read back under its first word"},
	{"end-hides-output", "warning", "`.end` (or `.endXXX`) before the last file", "mkwikidot writes nothing more (headers still count); mkdocbook stops reading"},
	{"dash-dash-in-bookmark", "warning", "`.bookmark a--b` under mkwikidot", "`--` becomes an em dash in text first: unreachable"},
	{"tool-dies", "error", "the tool stops with a Perl error here: a text diagram with no body text, a z2w run without an example block, a z2w `.output` after a `.prelude` of a missing file, a mkmarkdown chapter header before any `.output`", "prints what it printed so far, writes no bookmark file (`bookmarks` leaves it as it was)"},
	{"file-too-large", "error", "a file above the size limit (8 MiB)", "(bookmarks-ls does not analyse it)"},
	{"unreadable-file", "error", "a file of the book that cannot be read (permissions, an I/O error)", "(bookmarks-ls does not analyse it)"},
	{"stale-entry", "warning", "no header of the book produces the anchor", "keeps it forever; references to it resolve silently"},
	{"title-mismatch", "warning (information when another tool of the book stores that title)", "the stored title is not what the tool stores; names the expected title and the 2012-11 off-by-one", "renders the stored title until the next run rewrites it"},
	{"missing-final-newline", "warning", "the last line has no LF", "reads the last title without its last byte"},
	{"crlf-line", "warning", "a line ends with CR LF", "keeps the CR in the title"},
	{"unreadable-line", "warning", "a line without a title", "ignores it, drops it on rewrite"},
	{"duplicate-entry", "warning", "two lines for one anchor", "the later line wins on reading"},
	{"missing-entry", "information", "anchors the tool adds on its next run", "adds them"},
	{"site-entry-without-document", "warning", "a `site/.bookmarks` line without `|document`", "mkmarkdown ignores it"},
}
