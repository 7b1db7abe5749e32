// initialize.go decodes initialize's params, forgiving malformed members.

package lsp

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"

	"go.lsp.dev/protocol"
)

// initializeParams is protocol.InitializeParams decoded so that a member
// that does not decode (a malformed capability, say completionList's
// itemDefaults sent as a string) is dropped instead of failing initialize.
//
// NOTE: protocol.Unmarshal rejects the whole message for one bad member.
type initializeParams struct {
	protocol.InitializeParams
}

// UnmarshalJSON decodes data; when it does not decode as a whole, the
// members that do not decode on their own are left out.
func (p *initializeParams) UnmarshalJSON(data []byte) error {
	err := protocol.Unmarshal(data, &p.InitializeParams)
	if err == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree map[string]any
	if dec.Decode(&tree) != nil || tree == nil {
		return err
	}
	decodes := func(v any) bool {
		b, merr := json.Marshal(v)
		var q protocol.InitializeParams
		return merr == nil && protocol.Unmarshal(b, &q) == nil
	}
	pruneUndecodable(nil, tree, decodes)
	pruned, merr := json.Marshal(tree)
	if merr != nil {
		return err
	}
	p.InitializeParams = protocol.InitializeParams{}
	if protocol.Unmarshal(pruned, &p.InitializeParams) != nil {
		return err
	}
	return nil
}

// pruneUndecodable deletes from m, the object at path, the members that do
// not decode alone at their place; an object member keeps its members that do.
func pruneUndecodable(path []string, m map[string]any, decodes func(any) bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		at := slices.Concat(path, []string{k})
		if decodes(nest(at, m[k])) {
			continue
		}
		if sub, ok := m[k].(map[string]any); ok {
			pruneUndecodable(at, sub, decodes)
			if decodes(nest(at, sub)) {
				continue
			}
		}
		delete(m, k)
	}
}

// nest returns v inside objects along path: nest([a b], v) is {"a":{"b":v}}.
func nest(path []string, v any) any {
	for i := len(path) - 1; i >= 0; i-- {
		v = map[string]any{path[i]: v}
	}
	return v
}
