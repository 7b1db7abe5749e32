// uri.go normalises document URIs at the protocol boundary so they can be used as map keys.

package lsp

import (
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	"go.lsp.dev/uri"
)

// DocumentURI is a document URI as the client spelled it. Keys of the
// server's maps come from NormalizeURI.
type DocumentURI = uri.URI

// NormalizeURI returns the canonical form of a document URI. For file URIs the path is
// percent-decoded and re-encoded canonically and a Windows drive letter is lowercased, so
// "file:///C:/a%20b.md", "file:///c%3A/a%20b.md" and "file:///c:/a b.md" are one key.
// Other schemes (untitled:, vscode-notebook-cell:, …) only get a lowercased scheme; a URI
// that does not parse is returned unchanged. It never panics.
//
// NOTE: clients and URI libraries spell one file differently (VS Code writes "c%3A" for a
// drive, others "C:"; go.lsp.dev/uri escapes every ':' and '@'), which is why keys must come
// from here, not from uri.File or the raw wire value.
func NormalizeURI(raw DocumentURI) DocumentURI {
	u, err := url.Parse(string(raw))
	if err != nil || u.Scheme == "" {
		return raw
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "file" {
		return DocumentURI(scheme + string(raw)[len(u.Scheme):])
	}
	path := u.Path // url.Parse has already decoded the percent-encoding
	if isDrivePath(path) {
		path = "/" + strings.ToLower(path[1:2]) + path[2:]
	}
	canon := url.URL{Scheme: "file", Host: u.Host, Path: path}
	return DocumentURI(canon.String())
}

// Filename returns the local file path of a file URI, and false for any other scheme.
//
// NOTE: go.lsp.dev/uri v1 has no Filename (v0.3's panicked on non-file URIs such as
// "untitled:Untitled-1").
func Filename(u DocumentURI) (string, bool) {
	p, err := url.Parse(string(u))
	if err != nil || !strings.EqualFold(p.Scheme, "file") {
		return "", false
	}
	path := p.Path
	if p.Host != "" {
		path = "//" + p.Host + path // UNC share
	}
	if isDrivePath(path) {
		path = path[1:] // "/c:/x" → "c:/x"
	}
	return filepath.FromSlash(path), true
}

// isDrivePath reports whether path starts with "/X:" (a Windows drive letter).
func isDrivePath(path string) bool {
	if len(path) < 3 || path[0] != '/' || path[2] != ':' {
		return false
	}
	c := path[1] | 0x20
	return 'a' <= c && c <= 'z'
}

// fileID is a document URI decoded once, where it enters the server: the
// normalised URI (the map key) and, for a file URI, its local path, which
// every session matches against its folder without parsing the URI again.
type fileID struct {
	URI  DocumentURI // NormalizeURI's form
	Path string      // Filename of URI; "" when not a file URI
}

// decodeURI normalises a URI from the wire and decodes its path.
func decodeURI(raw DocumentURI) fileID {
	if id, ok := decoded.get(raw); ok {
		return id
	}
	u := NormalizeURI(raw)
	name, _ := Filename(u)
	id := fileID{URI: u, Path: name}
	decoded.put(raw, id)
	return id
}

// decoded remembers the URIs decoded last: an editor names the same few
// documents in request after request, and decoding one (two url.Parse
// and a url.String) costs more than a definition's own work.
var decoded uriCache

// uriCache holds the last len(raw) URIs decodeURI answered, replaced in
// turn. decodeURI is a pure function of the URI, so every server of the
// process may share it.
type uriCache struct {
	mu   sync.Mutex
	n    int // slots filled
	next int // the slot put replaces next
	raw  [16]DocumentURI
	id   [16]fileID
}

// stringOf returns b as a string: the cached one when the cache holds it (a
// request names the document the last ones named), else a new copy.
func (c *uriCache) stringOf(b []byte) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i := c.index(b); i >= 0 {
		return string(c.raw[i])
	}
	return string(b)
}

func (c *uriCache) get(raw DocumentURI) (fileID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i := c.index(stringAsBytes(string(raw))); i >= 0 {
		return c.id[i], true
	}
	return fileID{}, false
}

// index is the slot that holds raw, or -1. c.mu is held.
func (c *uriCache) index(raw []byte) int {
	for i := range c.n {
		if string(c.raw[i]) == string(raw) {
			return i
		}
	}
	return -1
}

func (c *uriCache) put(raw DocumentURI, id fileID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raw[c.next], c.id[c.next] = raw, id
	c.next = (c.next + 1) % len(c.raw)
	c.n = max(c.n, c.next)
	if c.next == 0 {
		c.n = len(c.raw)
	}
}

// pathID is the fileID of an absolute local path (the server's own
// watcher names files, not URIs).
func pathID(abs string) fileID {
	u := fileURI(abs)
	name, _ := Filename(u)
	return fileID{URI: u, Path: name}
}
