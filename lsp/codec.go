// codec.go is the JSON of the wire: the payload codec of a connection, the
// decoding of params and the encoding of results.

package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Codec is the jsonrpc2.Codec of the server's connection (and of test
// clients): protocol's types go through protocol.Marshal and Unmarshal,
// which know its unions and optional fields; the server's own types through
// encoding/json, as they always have; raw JSON passes as it is.
//
// NOTE: protocol's own codec (what protocol.NewServer installs) is not
// exported; jsonrpc2 v1's default (encoding/json/v2) would decode the
// server's own types by other rules (case-sensitive member names), and
// encoding/json cannot decode protocol's unions and encodes its Optional
// fields as {}.
type Codec struct{}

var _ jsonrpc2.Codec = Codec{}

// Marshal implements jsonrpc2.Codec.
func (Codec) Marshal(v any) ([]byte, error) { return marshalJSON(v) }

// Unmarshal implements jsonrpc2.Codec. A *jsonrpc2.RawMessage or
// *json.RawMessage gets a copy of data. URIs keep the spelling they have in
// data (see restoreURIs).
func (Codec) Unmarshal(data []byte, v any) error {
	switch p := v.(type) {
	case *jsonrpc2.RawMessage:
		*p = bytes.Clone(data)
		return nil
	case *json.RawMessage:
		*p = bytes.Clone(data)
		return nil
	}
	if decodePositionQuery(data, v) {
		return nil
	}
	var err error
	if isProtocolType(reflect.TypeOf(v)) {
		err = protocol.Unmarshal(data, v)
	} else {
		err = json.Unmarshal(data, v)
	}
	if rv := reflect.ValueOf(v); err == nil && rv.Kind() == reflect.Pointer && !rv.IsNil() {
		restoreURIs(rv.Elem(), data)
	}
	return err
}

// marshalJSON encodes v; nil (a nil interface, pointer, slice or map) is null.
// Results already encoded pass as they are.
//
// NOTE: protocol.Marshal encodes a nil slice as [] where encoding/json gives
// null: a result that is null must stay null.
func marshalJSON(v any) ([]byte, error) {
	switch m := v.(type) {
	case encodedJSON:
		return m.MarshalJSON()
	case lentJSON:
		return m.MarshalJSON()
	case jsonrpc2.RawMessage:
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	case json.RawMessage:
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	}
	return appendJSON(nil, v)
}

// appendJSON appends the encoding of v, a value that is not already
// encoded, to dst.
func appendJSON(dst []byte, v any) ([]byte, error) {
	if isNil(v) {
		return append(dst, "null"...), nil
	}
	switch m := v.(type) {
	case []protocol.Location:
		return appendEach(dst, m)
	case []protocol.DocumentHighlight:
		return appendEach(dst, m)
	case *protocol.Hover:
		return protocol.AppendMarshal(dst, m)
	}
	if isProtocolType(reflect.TypeOf(v)) {
		return protocol.AppendMarshal(dst, v)
	}
	data, err := json.Marshal(v)
	if dst == nil {
		return data, err
	}
	return append(dst, data...), err
}

// pooledResult reports whether the chain encodes result into a buffer of
// listBuffers: a protocol value not encoded yet (hovers, locations, …).
// Growing a new buffer for each reply was most of what a hover allocated.
func pooledResult(result any) bool {
	switch result.(type) {
	case encodedJSON, lentJSON, jsonrpc2.RawMessage, json.RawMessage:
		return false
	case []protocol.Location, *protocol.Hover: // the position requests' results: no reflection
		return !isNil(result)
	}
	return !isNil(result) && isProtocolType(reflect.TypeOf(result))
}

// appendEach appends a slice of protocol values encoded as protocol.Marshal
// does, element by element.
//
// NOTE: protocol v1 encodes a *Location or a *DocumentHighlight without
// reflection, but a slice of them through encoding/json/v2's reflection and
// jsontext.Encoder: about 1 µs per location, more than the rest of a
// definition or references request.
func appendEach[T any](out []byte, s []T) ([]byte, error) {
	out = append(out, '[')
	var err error
	for i := range s {
		if i > 0 {
			out = append(out, ',')
		}
		if out, err = protocol.AppendMarshal(out, &s[i]); err != nil {
			return nil, err
		}
	}
	return append(out, ']'), nil
}

func isNil(v any) bool {
	switch r := v.(type) {
	case nil:
		return true
	case []protocol.Location: // the position requests' results: no reflection
		return r == nil
	case *protocol.Hover:
		return r == nil
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// isProtocolType reports whether t is (a pointer to, or a slice of) a type
// of package protocol (or its LSPAny, a jsontext.Value).
func isProtocolType(t reflect.Type) bool {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice) && t.Name() == "" {
		t = t.Elem()
	}
	return t != nil && (t.PkgPath() == protocolPkg || t == jsontextValue)
}

var (
	protocolPkg   = reflect.TypeFor[protocol.Position]().PkgPath()
	jsontextValue = reflect.TypeFor[jsontext.Value]()
	uriType       = reflect.TypeFor[DocumentURI]()
)

// decodeParams decodes the params of a method: absent or null params give a
// zero P; params that do not decode are an InvalidParams error. URIs keep
// the client's spelling (see restoreURIs).
func decodeParams[P any](raw json.RawMessage) (*P, error) {
	p := new(P)
	if isNullJSON(raw) {
		return p, nil
	}
	if err := (Codec{}).Unmarshal(raw, p); err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("invalid params: %v", err))
	}
	return p, nil
}

// restoreURIs sets every DocumentURI in v to the string at its place in
// raw, the JSON v was decoded from.
//
// NOTE: protocol v1 (and uri.URI's UnmarshalText) decode a URI through
// uri.Parse, which rewrites it: "file:///C:/x" becomes "file:///c%3A/x", ""
// becomes "file:///", "a b" "file:///a%20b". The server answers and
// publishes under the URIs the client sent, and a client matches them as
// strings.
func restoreURIs(v reflect.Value, raw []byte) {
	t := v.Type()
	if !hasURI(t) || isNullJSON(raw) {
		return
	}
	switch t.Kind() {
	case reflect.String:
		if s, err := jsontext.AppendUnquote(nil, bytes.TrimSpace(raw)); err == nil && v.CanSet() {
			v.SetString(string(s))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			restoreURIs(v.Elem(), raw)
		}
	case reflect.Interface: // a union: its arm was decoded from raw
		if v.IsNil() || !v.CanSet() {
			return
		}
		arm := reflect.New(v.Elem().Type()).Elem()
		arm.Set(v.Elem())
		restoreURIs(arm, raw)
		v.Set(arm)
	case reflect.Slice:
		i := 0
		eachJSON(raw, '[', func(_ string, elem []byte) bool {
			if i >= v.Len() {
				return false
			}
			restoreURIs(v.Index(i), elem)
			i++
			return true
		})
	case reflect.Struct:
		restoreStructURIs(v, raw)
	}
}

// restoreStructURIs is restoreURIs of a struct: its JSON fields (those of
// embedded structs included), or the slice a protocol.Nullable holds.
func restoreStructURIs(v reflect.Value, raw []byte) {
	t := v.Type()
	if isWrapper(t) {
		// Get returns the value; a slice shares its elements with the one held.
		if out := v.MethodByName("Get").Call(nil); len(out) == 2 && out[0].Kind() == reflect.Slice {
			restoreURIs(out[0], raw)
		}
		return
	}
	fields := uriFields(t)
	eachJSON(raw, '{', func(name string, value []byte) bool {
		if path, ok := fields[name]; ok {
			if f, err := v.FieldByIndexErr(path); err == nil {
				restoreURIs(f, value)
			}
		}
		return true
	})
}

// eachJSON calls f with each member (name, value) of the JSON object raw,
// or each element of the array raw, until f returns false; kind is '{' or
// '['. value is only valid during the call.
func eachJSON(raw []byte, kind jsontext.Kind, f func(name string, value []byte) bool) {
	sc := scanners.Get().(*scanner)
	defer sc.done()
	// A bytes.Buffer is read in place, not copied (jsontext.NewDecoder).
	sc.dec.Reset(bytes.NewBuffer(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	dec := &sc.dec
	if dec.PeekKind() != kind {
		return
	}
	if _, err := dec.ReadToken(); err != nil {
		return
	}
	for dec.PeekKind() != kind+2 { // '}' is '{'+2, ']' is '['+2
		var name string
		if kind == '{' {
			tok, err := dec.ReadToken()
			if err != nil {
				return
			}
			name = tok.String()
		}
		value, err := dec.ReadValue()
		if err != nil || !f(name, value) {
			return
		}
	}
}

// scanner is eachJSON's decoder, kept in scanners: a new one per object
// cost more than the rest of a position query (its state and buffers).
type scanner struct{ dec jsontext.Decoder }

var scanners = sync.Pool{New: func() any { return new(scanner) }}

// done returns sc to scanners, no longer holding the bytes it read.
func (sc *scanner) done() {
	sc.dec.Reset(&emptyJSON)
	scanners.Put(sc)
}

var emptyJSON bytes.Buffer // never written: the reader of an idle scanner

var fieldsByType sync.Map // reflect.Type → map[string][]int: uriFields' answers

// uriFields maps the JSON names of a struct's fields that may hold a URI
// (those of embedded structs included) to their index paths.
func uriFields(t reflect.Type) map[string][]int {
	if m, ok := fieldsByType.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		name := jsonName(f)
		if !f.IsExported() || name == "-" || f.Anonymous && name == "" || !hasURI(f.Type) {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Index
	}
	fieldsByType.Store(t, m)
	return m
}

// jsonName is the name in a field's json tag ("" if none).
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

var uriTypes sync.Map // reflect.Type → bool: hasURI's answers

// hasURI reports whether a value of type t may hold a DocumentURI: t is one,
// or holds one in a field, element or union (an interface).
func hasURI(t reflect.Type) bool {
	if known, ok := uriTypes.Load(t); ok {
		return known.(bool)
	}
	has := typeHasURI(t, map[reflect.Type]bool{})
	uriTypes.Store(t, has)
	return has
}

// typeHasURI is hasURI for a type not yet known; visiting holds the types
// being answered, so that a recursive type ends (its other parts decide).
func typeHasURI(t reflect.Type, visiting map[reflect.Type]bool) bool {
	if known, ok := uriTypes.Load(t); ok {
		return known.(bool)
	}
	if visiting[t] {
		return false
	}
	visiting[t] = true
	switch t.Kind() {
	case reflect.String:
		return t == uriType
	case reflect.Interface:
		return t.NumMethod() > 0 // protocol's unions; not any, which decodes to no URI type
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return typeHasURI(t.Elem(), visiting)
	case reflect.Struct:
		if isWrapper(t) {
			return typeHasURI(t.Field(0).Type, visiting)
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && typeHasURI(f.Type, visiting) {
				return true
			}
		}
	}
	return false
}

// isWrapper reports whether t is a protocol.Nullable or Optional: a struct
// whose first field, unexported, holds the value that Get returns.
func isWrapper(t reflect.Type) bool {
	_, ok := t.MethodByName("Get")
	return ok && t.NumField() > 0 && !t.Field(0).IsExported()
}
