-- SPDX-License-Identifier: MIT
-- The Neovim 0.8-0.10 (vim.lsp.start) and 0.11+ (vim.lsp.config/enable) code paths of
-- lua/bookmarks_ls.lua, run on Neovim 0.7 with those functions stubbed: checks what the
-- plugin hands to them. $BOOK: a copy of the example book.
local book = os.getenv('BOOK')
local failures = 0
local function say(s) io.stdout:write(s, '\n') end
local function check(ok, what) if not ok then failures = failures + 1 end say((ok and 'ok ' or 'FAIL ') .. what) end
local M = require('bookmarks_ls')
vim.cmd('edit ' .. vim.fn.fnameescape(book .. '/chapter2.txt'))
local buf = vim.api.nvim_get_current_buf()
local real_root = vim.fn.resolve(book)

-- 0.11+: setup() -> vim.lsp.config(name, cfg) + vim.lsp.enable(name)
local got_cfg, enabled
vim.lsp.config = function(name, cfg) got_cfg = { name = name, cfg = cfg } end
vim.lsp.enable = function(name) enabled = name end
M.setup({ cmd = { '/x/bookmarks-ls' }, settings = { bookmarks = { profile = 'mkdocbook' } } })
check(got_cfg and got_cfg.name == 'bookmarks_ls', '0.11: vim.lsp.config("bookmarks_ls", ...)')
check(enabled == 'bookmarks_ls', '0.11: vim.lsp.enable("bookmarks_ls")')
check(got_cfg and got_cfg.cfg.cmd[1] == '/x/bookmarks-ls', '0.11: cmd from setup()')
check(got_cfg and vim.deep_equal(got_cfg.cfg.filetypes, { 'zguide', 'zguide-bookmarks' }), '0.11: filetypes')
check(got_cfg and got_cfg.cfg.settings.bookmarks.profile == 'mkdocbook', '0.11: settings.bookmarks.profile')
local root
if got_cfg then got_cfg.cfg.root_dir(buf, function(r) root = r end) end
check(root and vim.fn.resolve(root) == real_root, '0.11: root_dir calls on_dir(book) for chapter2.txt: ' .. tostring(root))
local lsp_file = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h') .. '/lsp/bookmarks_ls.lua')
root = nil
lsp_file.root_dir(buf, function(r) root = r end)
check(lsp_file.cmd[1] == 'bookmarks-ls' and root and vim.fn.resolve(root) == real_root, '0.11: lsp/bookmarks_ls.lua config')
check(lsp_file.on_attach == M.on_attach and vim.json.encode(lsp_file.settings) == '{"bookmarks":{}}',
  '0.11: lsp/bookmarks_ls.lua sets the buffer defaults and sends {"bookmarks":{}}')
vim.lsp.config, vim.lsp.enable = nil, nil

-- 0.8-0.10: setup() -> FileType autocmd -> vim.lsp.start(cfg, {bufnr})
local started = {}
vim.lsp.start = function(cfg, opts) table.insert(started, { cfg = cfg, opts = opts }); return 1 end
M.setup({ cmd = { '/y/bookmarks-ls' } })
check(#started == 1, '0.8: setup() starts the server for the open chapter2.txt (' .. #started .. ' calls)')
vim.cmd('edit ' .. vim.fn.fnameescape(book .. '/.bookmarks'))
check(#started == 2, '0.8: opening .bookmarks attaches it too')
local c = started[1] and started[1].cfg or {}
check(c.name == 'bookmarks_ls' and c.cmd[1] == '/y/bookmarks-ls', '0.8: name and cmd')
check(c.root_dir and vim.fn.resolve(c.root_dir) == real_root, '0.8: root_dir is the book: ' .. tostring(c.root_dir))
check(c.workspace_folders and c.workspace_folders[1].uri == vim.uri_from_fname(c.root_dir), '0.8: workspace folder')
check(started[2] and started[2].cfg.root_dir == c.root_dir, '0.8: same root for .bookmarks (client reused)')
-- the settings go out as JSON objects even when empty (an empty Lua table encodes as [])
check(vim.json.encode(c.settings) == '{"bookmarks":{}}', '0.8: empty settings encode as ' .. vim.json.encode(c.settings))
check(vim.json.encode(got_cfg and got_cfg.cfg.settings) == '{"bookmarks":{"profile":"mkdocbook"}}', '0.11: settings encode as objects')
local enc = vim.json.encode(M.settings_for_server({ bookmarks = { diagnostics = {}, bookOrder = {} } }))
check(enc:find('"bookOrder":[]', 1, true) and enc:find('"diagnostics":{}', 1, true),
  'bookOrder stays a list, diagnostics becomes an object: ' .. enc)
check(vim.json.encode(M.settings_for_server({})) == '{}', 'no settings encode as {}')
-- on_attach: K, gd, omnifunc, tagfunc on the buffer, unless buffer_defaults = false
local function defaults_of(b)
  return vim.api.nvim_buf_call(b, function()
    return { K = vim.fn.maparg('K', 'n', false, true).buffer == 1, gd = vim.fn.maparg('gd', 'n', false, true).buffer == 1,
      omnifunc = vim.bo.omnifunc, tagfunc = vim.bo.tagfunc }
  end)
end
local b1 = vim.api.nvim_create_buf(true, false)
c.on_attach({ id = 1 }, b1)
local d = defaults_of(b1)
check(d.K and d.gd and d.omnifunc == "v:lua.require'bookmarks_ls.complete'.omnifunc" and d.tagfunc == 'v:lua.vim.lsp.tagfunc',
  'on_attach sets K, gd, omnifunc, tagfunc: ' .. vim.inspect(d):gsub('%s+', ' '))
check(vim.lsp.commands['bookmarks.showReferences'] == require('bookmarks_ls.commands').show_references_handler,
  'on_attach registers the code lens command bookmarks.showReferences')
-- a lens without references says so and leaves the quickfix list alone
local hb = vim.api.nvim_create_buf(true, false)
vim.api.nvim_buf_set_name(hb, vim.fn.tempname() .. '/chapter9.txt')
vim.api.nvim_buf_set_lines(hb, 0, -1, false, { '.bookmark x', '++ Lonely Section' })
local notified
local notify = vim.notify
vim.notify = function(msg) notified = msg end
vim.fn.setqflist({}, 'r', { title = 'before', items = {} })
require('bookmarks_ls.commands').show_references_handler({ title = '0 references', command = 'bookmarks.showReferences',
  arguments = { vim.uri_from_bufnr(hb), { line = 1, character = 3 }, {} } }, { bufnr = hb, client_id = 0 })
vim.notify = notify
check(notified == 'bookmarks-ls: no references to Lonely Section' and vim.fn.getqflist({ title = 1 }).title == 'before',
  'a lens with no references: ' .. tostring(notified))
-- where <C-x><C-o> completes a reference name: after the last [#, no blank or ] between
local start = require('bookmarks_ls.complete').reference_start
for _, case in ipairs({ { 'See [#Lazy', 6 }, { 'See [#', 6 }, { '[#a] and [#b', 11 }, { 'See [#a b', nil },
  { 'See [#a]', nil }, { 'Also $(RE', nil }, { '.book', nil } }) do
  local line, want = case[1], case[2]
  check(start(line, #line) == want, ('reference_start(%q) = %s, want %s'):format(line, tostring(start(line, #line)), tostring(want)))
end
local user_called
M.setup({ cmd = { '/y/bookmarks-ls' }, buffer_defaults = false, on_attach = function(_, b) user_called = b end })
local b2 = vim.api.nvim_create_buf(true, false)
started[#started].cfg.on_attach({ id = 1 }, b2)
d = defaults_of(b2)
check(not d.K and not d.gd and d.omnifunc == '' and d.tagfunc == '', 'buffer_defaults = false leaves them alone: ' .. vim.inspect(d):gsub('%s+', ' '))
check(user_called == b2, "the user's on_attach is called")
vim.lsp.start = nil
say(failures == 0 and 'RESULT PASS' or ('RESULT FAIL (' .. failures .. ')'))
vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
