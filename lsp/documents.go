// documents.go keeps the text of the documents the client has open (didOpen/didChange/didClose).

package lsp

import (
	"fmt"
	"sort"
	"sync"

	"go.lsp.dev/protocol"
)

// Document is one version of an open document. It is immutable: a change makes a new one, so
// a handler holding a *Document never sees half an edit.
type Document struct {
	URI     DocumentURI // normalised with NormalizeURI
	Version int32
	// Language is the client's languageId: a "zguide" document is analysed
	// even where no rule names it a guide file (a loose file).
	Language string
	Text     string
	Mapper   *Mapper
	path     string // the local file of URI; "" when not a file URI
}

// Documents is the store of open documents, safe for concurrent use.
type Documents struct {
	mu       sync.RWMutex
	encoding Encoding                  // of every Mapper in docs
	docs     map[DocumentURI]*Document // keyed by normalised URI
	// gen counts the changes of docs and encoding, so that views of the
	// store can be ordered.
	gen uint64
	// all caches All's sorted list until the next change.
	all []*Document
}

// NewDocuments returns an empty store whose mappers count in enc.
func NewDocuments(enc Encoding) *Documents {
	return &Documents{encoding: enc.orDefault(), docs: make(map[DocumentURI]*Document)}
}

// SetEncoding switches the encoding negotiated in initialize, re-mapping open documents.
func (d *Documents) SetEncoding(enc Encoding) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.encoding = enc.orDefault()
	d.changed()
	for k, doc := range d.docs {
		c := *doc
		c.Mapper = doc.Mapper.WithEncoding(d.encoding)
		d.docs[k] = &c
	}
}

// Open records didOpen. Reopening an open document replaces it: the client's text wins.
func (d *Documents) Open(p *protocol.DidOpenTextDocumentParams) *Document {
	return d.open(decodeURI(p.TextDocument.URI), &p.TextDocument)
}

// open is Open with the URI already decoded.
func (d *Documents) open(f fileID, item *protocol.TextDocumentItem) *Document {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc := &Document{
		URI:      f.URI,
		Version:  item.Version,
		Language: string(item.LanguageID),
		Text:     item.Text,
		Mapper:   NewMapper(item.Text, d.encoding),
		path:     f.Path,
	}
	d.docs[doc.URI] = doc
	d.changed()
	return doc
}

// changed notes a change of the store. d.mu is held.
func (d *Documents) changed() {
	d.gen++
	d.all = nil
}

// Change applies didChange in order and returns the new document. It returns an error, and
// changes nothing, when the document is not open, the version does not increase, or a range
// is inverted; positions past a line or the text end are clamped, not errors.
func (d *Documents) Change(p *protocol.DidChangeTextDocumentParams) (*Document, error) {
	return d.change(NormalizeURI(p.TextDocument.URI), p)
}

// change is Change with the URI already normalised.
func (d *Documents) change(key DocumentURI, p *protocol.DidChangeTextDocumentParams) (*Document, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	old, ok := d.docs[key]
	if !ok {
		return nil, fmt.Errorf("didChange %s: document is not open", key)
	}
	if p.TextDocument.Version <= old.Version {
		return nil, fmt.Errorf("didChange %s: version %d is not newer than %d",
			key, p.TextDocument.Version, old.Version)
	}
	batch := newEditBatch(old.Mapper, d.encoding)
	for i, ch := range p.ContentChanges {
		// The deprecated rangeLength is ignored, as LSP 3.17 allows.
		switch ch := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			batch.replaceAll(ch.Text)
		case *protocol.TextDocumentContentChangePartial:
			if !batch.apply(ch.Range, ch.Text) {
				return nil, fmt.Errorf("didChange %s: change %d: range end %v is before start %v",
					key, i, ch.Range.End, ch.Range.Start)
			}
		}
	}
	m := batch.mapper()
	doc := &Document{URI: key, Version: p.TextDocument.Version, Language: old.Language, Text: m.Text(), Mapper: m, path: old.path}
	d.docs[key] = doc
	d.changed()
	return doc, nil
}

// Close records didClose; closing a document that is not open is an error.
func (d *Documents) Close(p *protocol.DidCloseTextDocumentParams) error {
	return d.close(NormalizeURI(p.TextDocument.URI))
}

// close is Close with the URI already normalised.
func (d *Documents) close(key DocumentURI) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.docs[key]; !ok {
		return fmt.Errorf("didClose %s: document is not open", key)
	}
	delete(d.docs, key)
	d.changed()
	return nil
}

// Get returns the open document for u (normalised here), if any.
func (d *Documents) Get(u DocumentURI) (*Document, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if doc, ok := d.docs[u]; ok {
		return doc, true // already normal: the server's own URIs are
	}
	doc, ok := d.docs[NormalizeURI(u)]
	return doc, ok
}

// All returns the open documents sorted by URI.
func (d *Documents) All() []*Document {
	return append([]*Document(nil), d.view().docs...)
}

// view is the store as it is now, for the sessions: immutable, and shared
// by every session until the next change.
func (d *Documents) view() *view {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.all == nil {
		d.all = make([]*Document, 0, len(d.docs))
		for _, doc := range d.docs {
			d.all = append(d.all, doc)
		}
		sort.Slice(d.all, func(i, j int) bool { return d.all[i].URI < d.all[j].URI })
	}
	return &view{gen: d.gen, enc: d.encoding, docs: d.all}
}
