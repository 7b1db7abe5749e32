module github.com/bookmarks-ls/bookmarks-ls

go 1.26

require (
	github.com/fsnotify/fsnotify v1.9.0
	github.com/go-json-experiment/json v0.0.0-20260623181947-01eb4420fa68
	github.com/pelletier/go-toml/v2 v2.4.3
	go.lsp.dev/jsonrpc2 v1.0.1
	go.lsp.dev/protocol v1.0.1
	go.lsp.dev/uri v1.0.1
	go.uber.org/zap v1.28.0
	golang.org/x/sys v0.45.0
)

require go.uber.org/multierr v1.11.0 // indirect
