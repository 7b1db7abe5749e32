package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func TestCancelID(t *testing.T) {
	tests := []struct {
		params string
		want   jsonrpc2.ID
		ok     bool
	}{
		{`{"id":7}`, jsonrpc2.NewNumberID(7), true},
		{`{"id":7.0}`, jsonrpc2.NewNumberID(7), true},
		{`{"id":7e0}`, jsonrpc2.NewNumberID(7), true},
		{`{"id":-3}`, jsonrpc2.NewNumberID(-3), true},
		{`{"id":"7"}`, jsonrpc2.NewStringID("7"), true},
		{`{"id":7.5}`, jsonrpc2.ID{}, false},
		{`{"id":4294967296}`, jsonrpc2.ID{}, false}, // beyond jsonrpc2's int32 ids
		{`{"id":null}`, jsonrpc2.ID{}, false},
		{`{"id":{}}`, jsonrpc2.ID{}, false},
		{`{}`, jsonrpc2.ID{}, false},
		{``, jsonrpc2.ID{}, false},
	}
	for _, tt := range tests {
		got, ok := cancelID(json.RawMessage(tt.params))
		if ok != tt.ok || got != tt.want {
			t.Errorf("cancelID(%s) = %v, %v; want %v, %v", tt.params, got, ok, tt.want, tt.ok)
		}
	}
}

func TestWireError(t *testing.T) {
	live := context.Background()
	cancelled, cancel := context.WithCancel(live)
	cancel()
	rpc := jsonrpc2.NewError(jsonrpc2.InvalidParams, "bad")
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want jsonrpc2.Code
	}{
		{"plain error", live, errors.New("x"), CodeRequestFailed},
		{"wrapped rpc error keeps its code", live, fmt.Errorf("ctx: %w", rpc), jsonrpc2.InvalidParams},
		{"cancelled", cancelled, context.Canceled, protocol.CodeRequestCancelled},
		{"rpc error wins over cancellation", cancelled, rpc, jsonrpc2.InvalidParams},
	}
	for _, tt := range tests {
		if got := wireError(tt.ctx, tt.err); got.Code != tt.want {
			t.Errorf("%s: code %d, want %d", tt.name, got.Code, tt.want)
		}
	}
}

func TestDecodeParams(t *testing.T) {
	for _, raw := range []string{``, `null`, ` null `} {
		p, err := decodeParams[protocol.HoverParams](json.RawMessage(raw))
		if err != nil || p == nil {
			t.Errorf("decodeParams(%q) = %v, %v; want a zero value", raw, p, err)
		}
	}
	p, err := decodeParams[protocol.HoverParams](json.RawMessage(`{"position":{"line":2,"character":3}}`))
	if err != nil || p.Position.Line != 2 || p.Position.Character != 3 {
		t.Errorf("decodeParams = %+v, %v", p, err)
	}
	_, err = decodeParams[protocol.HoverParams](json.RawMessage(`{"position":"x"}`))
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.InvalidParams {
		t.Errorf("bad params gave %v, want InvalidParams", err)
	}
}
