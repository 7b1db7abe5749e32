-- SPDX-License-Identifier: MIT
-- Test init: `nvim --headless -n -i NONE -u test/init.lua FILE -c 'luafile test/lsp_test.lua'`.
-- Loads the plugin exactly as a user would (runtimepath + setup()); the server command
-- comes from $LS_CMD (split on spaces), default `bookmarks-ls` from PATH.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)') or './'
local plugin = vim.fn.fnamemodify(here .. '..', ':p'):gsub('/$', '')
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.opt.more = false
vim.opt.rtp:prepend(plugin)
local cmd = { 'bookmarks-ls' }
if os.getenv('LS_CMD') and os.getenv('LS_CMD') ~= '' then
  cmd = vim.split(os.getenv('LS_CMD'), ' ', { trimempty = true })
end
if os.getenv('BARE_SETUP') == '1' then
  -- as most users start: no settings at all
  require('bookmarks_ls').setup({ cmd = cmd })
else
  require('bookmarks_ls').setup({
    cmd = cmd,
    settings = { bookmarks = { diagnostics = { forwardReferences = 'off' } } },
  })
end

-- test hook: every window/showMessage the server sends
_G.bookmarks_test_messages = {}
local show = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  if result then table.insert(_G.bookmarks_test_messages, result.message) end
  return show(err, result, ctx, config)
end

-- test hook: remember which URIs got textDocument/publishDiagnostics (and how many)
_G.bookmarks_test_published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then _G.bookmarks_test_published[result.uri] = #(result.diagnostics or {}) end
  return publish(err, result, ctx, config)
end
