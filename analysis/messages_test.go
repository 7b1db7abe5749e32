package analysis

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// maxMessage bounds a diagnostic's message: editors show it in a line or
// a small hover. Details go to the related information.
const maxMessage = 120

// Every diagnostic says what is wrong, then what to do, in under 120
// characters: on the example book and on every corpus book.
func TestMessagesAreShortAndSayWhatToDo(t *testing.T) {
	t.Run("examples", func(t *testing.T) { checkMessages(t, filepath.Join("..", "examples")) })
	t.Run("corpus", func(t *testing.T) {
		root := corpusDir(t)
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			if e.IsDir() && e.Name() != "expected" {
				checkMessages(t, filepath.Join(root, e.Name()))
			}
		}
	})
}

func checkMessages(t *testing.T, dirs ...string) {
	for _, dir := range dirs {
		p, err := Load(FS(os.DirFS(dir)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, d := range p.AllDiagnostics() {
			if seen[d.Code+d.Message] {
				continue
			}
			seen[d.Code+d.Message] = true
			if n := utf8.RuneCountInString(d.Message); n >= maxMessage {
				t.Errorf("%s: %s:%d: %d characters: %s", filepath.Base(dir), d.Path, d.Line+1, n, d.Message)
			}
			if !containsString(d.Message, "; ") {
				t.Errorf("%s: %s:%d: no \"; what to do\": %s", filepath.Base(dir), d.Path, d.Line+1, d.Message)
			}
		}
	}
}
