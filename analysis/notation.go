package analysis

// notation.go answers small questions editors ask about how the format
// writes things, so that they need not repeat its rules.

// Reference is how a reference to anchor name is written: `[#name]`.
func Reference(name string) string { return "[#" + name + "]" }

// HeaderDepth is how far below the chapter level a header of level '+'
// marks is in book b: 0 for a chapter, 1 for a section, 2 for a
// subsection; negative above the chapter level (a `+` header in a book
// whose chapters are `++`).
func (b *Book) HeaderDepth(level int) int { return level - b.ChapterLevel }
