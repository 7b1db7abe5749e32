// modify.go is the one path from a change to the diagnostics. Every
// didOpen, didChange, didClose, didSave, watched-file event (the client's
// or the server's own watcher's), settings change and a command's re-read
// of a bookmark file (executeCommand) becomes a list of
// modifications; didModifyFiles updates the open documents, hands the
// sessions a new view of them, applies each modification to the sessions
// holding its file and wakes the publisher once.

package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// fileAction is what happened to a file (or, for actionConfig, a folder).
type fileAction int

const (
	actionOpen    fileAction = iota + 1 // didOpen: the buffer overrides the disk
	actionChange                        // didChange: the buffer's text changed
	actionClose                         // didClose: the disk decides again
	actionSave                          // didSave: the disk may have changed
	actionCreated                       // a watched file came
	actionChanged                       // a watched file's content changed
	actionDeleted                       // a watched file went
	actionConfig                        // a folder's settings changed
)

// modification is one change, its URI already decoded.
type modification struct {
	file   fileID
	action fileAction
	// open is didOpen's document (actionOpen only).
	open *protocol.TextDocumentItem
	// change is didChange's params (actionChange only).
	change *protocol.DidChangeTextDocumentParams
	// settings are the folder's new settings (actionConfig only); a zero
	// file stands for every folder.
	settings Settings
}

// watchedAction maps a watched-file event's type to its action. An
// unknown type reads as a change: the sessions check the disk anyway.
func watchedAction(typ protocol.FileChangeType) fileAction {
	switch typ {
	case protocol.FileChangeTypeCreated:
		return actionCreated
	case protocol.FileChangeTypeDeleted:
		return actionDeleted
	}
	return actionChanged
}

// view is what a session sees of the server: the open documents and the
// position encoding, as of one change of the document store. It is
// immutable; a change makes a new one.
type view struct {
	gen  uint64      // the store's change count: a later view has a larger one
	enc  Encoding    // of every document's Mapper
	docs []*Document // the open documents, sorted by URI; not to be modified
}

// didModifyFiles applies modifications in order and wakes the publisher
// once. It returns the first error (a didChange or didClose of a document
// that is not open); a failed didChange changes nothing, while a failed
// didClose still makes its sessions read the disk, as a close must.
func (s *Server) didModifyFiles(ctx context.Context, mods []modification) error {
	applied, err := s.applyModifications(ctx, mods)
	if applied > 0 || len(mods) == 0 {
		s.diag.wake()
	}
	return err
}

// applyModifications is didModifyFiles without the wake-up (startup wakes
// the publisher itself once it runs); it returns how many modifications
// took effect.
func (s *Server) applyModifications(ctx context.Context, mods []modification) (applied int, first error) {
	for _, m := range mods {
		doc, err := s.updateDocument(m)
		if err != nil && first == nil {
			first = err
		}
		if err != nil && m.action == actionChange {
			continue
		}
		s.modifySessions(m, doc)
		applied++
	}
	return applied, first
}

// updateDocument applies a modification to the open documents and, when
// they changed, gives every session the new view before the sessions
// learn of the change, so that a rebuild marked dirty by it reads it.
func (s *Server) updateDocument(m modification) (*Document, error) {
	var doc *Document
	var err error
	switch m.action {
	case actionOpen:
		doc = s.docs.open(m.file, m.open)
	case actionChange:
		doc, err = s.docs.change(m.file.URI, m.change)
	case actionClose:
		err = s.docs.close(m.file.URI)
	default:
		return nil, nil
	}
	if err == nil {
		v := s.docs.view()
		for _, sess := range s.allSessions() {
			sess.setView(v)
		}
	}
	return doc, err
}

// modifySessions applies one modification to every session holding its
// file (a folder's settings: that folder's session, or every session).
func (s *Server) modifySessions(m modification, doc *Document) {
	if m.action == actionConfig {
		for _, sess := range s.allSessions() {
			if m.file.URI == "" || sess.uri == m.file.URI {
				sess.applySettings(m.settings)
			}
		}
		return
	}
	if m.action == actionOpen && (doc.Language == "zguide" || isBookFileName(m.file)) {
		s.addLooseFolder(m.file)
	}
	for _, sess := range s.allSessions() {
		rel, ok := sess.relPath(m.file.Path)
		if !ok {
			continue
		}
		switch m.action {
		case actionOpen:
			// A new chapter not yet on disk is listed, so that discovery
			// sees it; a guide document no book holds is served alone.
			sess.listUnsaved(rel)
			if doc.Language == "zguide" {
				sess.openedLoose(rel)
			}
			sess.markDirty(rel)
		case actionChange:
			sess.markDirty(rel)
		case actionClose, actionSave, actionChanged:
			// The disk may differ from the buffer that was open: read it again.
			sess.fileChanged(rel, protocol.FileChangeTypeChanged)
		case actionCreated:
			sess.fileChanged(rel, protocol.FileChangeTypeCreated)
		case actionDeleted:
			sess.fileChanged(rel, protocol.FileChangeTypeDeleted)
		}
	}
}

// setView replaces the session's view of the open documents, unless a
// later one arrived first.
func (s *Session) setView(v *view) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.view == nil || v.gen >= s.view.gen {
		s.view = v
	}
}

// applySettings replaces a session's settings and rebuilds its books when
// they changed.
func (sess *Session) applySettings(st Settings) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.settings.equal(st) {
		return
	}
	rescan := st.MaxFileSize != sess.settings.MaxFileSize
	sess.settings = st
	if rescan {
		sess.disk = map[string][]byte{}
	}
	for _, b := range sess.books {
		b.dirty = true
		b.edits++ // requests wait for the new settings
		if rescan || st.Profile != "" || len(st.BookOrder) > 0 {
			b.snap = nil // no reuse across a change of run
			b.reset++
		}
	}
}
