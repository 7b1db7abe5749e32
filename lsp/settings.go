// settings.go reads the bookmarks.* settings from workspace/configuration.

package lsp

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// Settings are the bookmarks.* settings of one workspace folder.
type Settings struct {
	Profile           string   // "" detects the profile from the book
	BookOrder         []string // explicit run order, book-relative
	ForwardReferences string   // warning | information | off; "" leaves it to the book's config
	MaxFileSize       int64
}

func defaultSettings() Settings {
	return Settings{MaxFileSize: analysis.DefaultMaxFileSize}
}

// parseSettings reads the "bookmarks" section the client returned. Unknown
// keys are ignored; a bad value keeps the default and is reported in the
// returned problems, one sentence each. No section, null and an empty list
// all mean "no settings": Lua clients (Neovim) encode an empty table as [].
func parseSettings(raw json.RawMessage) (Settings, []string) {
	s := defaultSettings()
	var problems []string
	var m map[string]json.RawMessage
	switch strings.Join(strings.Fields(string(raw)), "") {
	case "", "null", "[]":
		return s, nil
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return s, []string{"bookmarks settings are not an object; using the defaults"}
	}
	// Clients send either nested objects or dotted keys; accept both.
	if d, ok := m["diagnostics"]; ok {
		var dm map[string]json.RawMessage
		if json.Unmarshal(d, &dm) == nil {
			if v, ok := dm["forwardReferences"]; ok {
				m["diagnostics.forwardReferences"] = v
			}
		}
	}
	if v, ok := m["profile"]; ok {
		var p string
		if json.Unmarshal(v, &p) != nil {
			problems = append(problems, "bookmarks.profile must be a string")
		} else if p != "" && p != "auto" {
			if _, err := analysis.ParseProfile(p); err != nil {
				problems = append(problems, "bookmarks.profile: "+err.Error()+"; detecting the profile instead")
			} else {
				s.Profile = p
			}
		}
	}
	if v, ok := m["bookOrder"]; ok && string(v) != "null" {
		var order []string
		if json.Unmarshal(v, &order) != nil {
			problems = append(problems, "bookmarks.bookOrder must be a list of file names; using the book's own order")
		} else {
			for _, o := range order {
				o = strings.TrimPrefix(strings.TrimSpace(o), "./")
				if o == "" || strings.HasPrefix(o, "/") || strings.Contains(o, "..") {
					problems = append(problems, fmt.Sprintf("bookmarks.bookOrder: %q is not a file name inside the book; using the book's own order", o))
					order = nil
					break
				}
				s.BookOrder = append(s.BookOrder, o)
			}
			if order == nil {
				s.BookOrder = nil
			}
		}
	}
	if v, ok := m["diagnostics.forwardReferences"]; ok {
		var f string
		_ = json.Unmarshal(v, &f)
		switch f {
		case "warning", "information", "off":
			s.ForwardReferences = f
		default:
			problems = append(problems, fmt.Sprintf("bookmarks.diagnostics.forwardReferences must be warning, information or off, not %s; using the book's setting", v))
		}
	}
	if v, ok := m["maxFileSize"]; ok {
		var n float64
		if json.Unmarshal(v, &n) != nil || n < 1024 || n > 1<<31 {
			problems = append(problems, fmt.Sprintf("bookmarks.maxFileSize must be a number of bytes between 1024 and 2147483648, not %s; using %d", v, analysis.DefaultMaxFileSize))
		} else {
			s.MaxFileSize = int64(n)
		}
	}
	return s, problems
}

// equal compares settings (BookOrder by value).
func (s Settings) equal(o Settings) bool {
	return s.Profile == o.Profile && s.ForwardReferences == o.ForwardReferences && s.MaxFileSize == o.MaxFileSize &&
		strings.Join(s.BookOrder, "\x00") == strings.Join(o.BookOrder, "\x00")
}
