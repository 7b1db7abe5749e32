// driver_scripts.go lets the book rule read bin/ driver scripts without
// reading the disk under the session's lock: the rule runs with the lock
// held, against a cache; what the cache lacks is read afterwards, and the
// folders concerned are decided again.

package lsp

import (
	"errors"
	"os"

	"github.com/bookmarks-ls/bookmarks-ls/analysis"
)

// scriptRead is a driver script as read for the book rule.
type scriptRead struct {
	data []byte
	err  error
}

// errUnread answers the book rule for a script not read yet.
var errUnread = errors.New("driver script not read yet")

// dirSource reads a folder of the session for the book rule (driver
// scripts in bin/), from s.scripts only: s.mu is held. A script missing
// there is noted for settleBooks, and the folder marked undecided.
type dirSource struct {
	s   *Session
	dir string
}

func (r dirSource) Files() ([]string, error) { return nil, nil }

func (r dirSource) ReadFile(name string, limit int64) ([]byte, error) {
	rel := join(r.dir, name)
	if c, ok := r.s.scripts[rel]; ok {
		return c.data, c.err
	}
	r.s.unread[rel] = limit
	r.s.unsure[r.dir] = true
	return nil, errUnread
}

// maxSettleRounds bounds settleBooks's retries while file events keep
// arriving: the goroutine that applied the last of them settles after it.
const maxSettleRounds = 8

// settleBooks reads the scripts the book rule asked for, without s.mu,
// and decides the undecided folders again. s.mu is not held. Every path
// that may run the book rule (recheck) calls it once the lock is released.
func (s *Session) settleBooks() {
	for range maxSettleRounds {
		s.mu.Lock()
		if len(s.unread) == 0 {
			s.mu.Unlock()
			return
		}
		want, gen := s.unread, s.diskGen
		s.unread = map[string]int64{}
		s.mu.Unlock()
		got := make(map[string]scriptRead, len(want))
		for rel, limit := range want {
			data, err := analysis.FS(os.DirFS(s.root)).ReadFile(rel, limit)
			got[rel] = scriptRead{data, err}
		}
		s.mu.Lock()
		if s.diskGen == gen { // else a file event came: what was read may be stale
			for rel, r := range got {
				s.scripts[rel] = r
			}
		}
		dirs := make([]string, 0, len(s.unsure))
		for dir := range s.unsure {
			dirs = append(dirs, dir)
		}
		rebook := false
		for _, dir := range dirs {
			rebook = s.recheck(dir) || rebook
		}
		if rebook {
			s.setBooks()
		}
		s.mu.Unlock()
	}
}
