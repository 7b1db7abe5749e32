// Package analysis models guide books — the plain-text format of the ZeroMQ
// Guide — and their bookmark caches (.bookmarks, site/.bookmarks).
//
// It owns the format: scanning one file into a syntax model (Scan), linking
// an ordered list of files into an immutable Book snapshot (Link), the
// audit of bookmark files and the simulation of what each real tool prints
// and writes. Everything works on bytes, as the Perl tools do; positions are
// (line, byte column) or byte offsets.
//
// It also owns what a book is (IsBook, BookDirs), where each tool's run
// order comes from (Discover: bookmarks-ls.toml, the driver scripts in
// bin/, zguide.book, the Guide's defaults) and the config file itself
// (ParseConfig), so that the CLI, the server and the editors agree.
//
// It also answers an editor's questions in the format's terms, so that a
// protocol layer only converts positions and types: what is at a position
// (At), what the text before a cursor asks to complete (CompletionAt), the
// directives' forms and explanations (DirectiveForms, DirectiveDoc), where
// a header's title or a bookmark entry's anchor sits in its line
// (HeaderTitleLocation, EntryAnchorLocation), and which bookmark file an
// action changes (BookmarkTargets).
//
// It must not know about LSP, start goroutines, log, or touch the file
// system except through the Source it is given.
package analysis
