// watch.go watches the book folders itself (fsnotify) when the client
// offers no file watching (Neovim on Linux by default, Helix): without it,
// changes made outside the editor (a git pull) were never seen.

package lsp

import (
	"context"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/fsnotify/fsnotify"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// MaxWatchedFolders bounds the folders watched (inotify watches are a
// per-user resource shared with every other program).
const MaxWatchedFolders = 4096

// watcher turns file-system events under the watched folders into the
// events a client would send.
type watcher struct {
	srv *Server
	w   *fsnotify.Watcher

	mu      sync.Mutex // guards dirs
	dirs    map[string]bool
	warned  bool
	closeMu sync.Once
}

// watchFolders starts watching each session's folder (its top level) and
// every book folder below it (all levels).
func (s *Server) watchFolders() *watcher {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		s.log.Warn("cannot watch the book folders; changes made outside the editor will not be seen", zap.Error(err))
		return nil
	}
	wa := &watcher{srv: s, w: w, dirs: map[string]bool{}}
	for _, sess := range s.allSessions() {
		wa.add(sess.real)
		sess.mu.Lock()
		var books []string
		for _, b := range sess.books {
			books = append(books, filepath.Join(sess.real, filepath.FromSlash(b.dir)))
		}
		sess.mu.Unlock()
		for _, dir := range books {
			wa.addTree(dir)
		}
	}
	go wa.loop()
	return wa
}

// addTree watches a folder and the folders below it that a walk enters.
func (wa *watcher) addTree(root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if rel, _ := filepath.Rel(root, p); rel != "." && skipWalk(filepath.ToSlash(rel)) {
			return fs.SkipDir
		}
		if !wa.add(p) {
			return fs.SkipAll
		}
		return nil
	})
}

// add watches one folder; false once the bound is reached.
func (wa *watcher) add(dir string) bool {
	wa.mu.Lock()
	defer wa.mu.Unlock()
	if wa.dirs[dir] {
		return true
	}
	if len(wa.dirs) >= MaxWatchedFolders {
		if !wa.warned {
			wa.warned = true
			wa.srv.log.Warn("watching no more folders", zap.Int("limit", MaxWatchedFolders))
		}
		return false
	}
	if err := wa.w.Add(dir); err != nil {
		wa.srv.log.Debug("cannot watch a folder", zap.String("dir", dir), zap.Error(err))
		return true
	}
	wa.dirs[dir] = true
	return true
}

func (wa *watcher) close() { wa.closeMu.Do(func() { _ = wa.w.Close() }) }

func (wa *watcher) loop() {
	defer wa.close()
	for {
		select {
		case <-wa.srv.conn.Done():
			return
		case err, ok := <-wa.w.Errors:
			if !ok {
				return
			}
			wa.srv.log.Debug("file watcher", zap.Error(err))
		case ev, ok := <-wa.w.Events:
			if !ok {
				return
			}
			wa.apply(ev)
		}
	}
}

// apply hands one event to the sessions (which check the disk) and wakes
// the publisher.
func (wa *watcher) apply(ev fsnotify.Event) {
	typ := protocol.FileChangeTypeChanged
	switch {
	case ev.Has(fsnotify.Create):
		typ = protocol.FileChangeTypeCreated
		wa.addTree(ev.Name) // a new folder: watched too (a file: nothing)
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		typ = protocol.FileChangeTypeDeleted
	case ev.Has(fsnotify.Write):
	default:
		return // chmod
	}
	_ = wa.srv.didModifyFiles(context.Background(), []modification{{file: pathID(ev.Name), action: watchedAction(typ)}})
}

// stopWatching ends the server's own watching, if any.
func (s *Server) stopWatching() {
	s.mu.Lock()
	wa := s.watch
	s.mu.Unlock()
	if wa != nil {
		wa.close()
	}
}
