-- SPDX-License-Identifier: MIT
-- bookmarks_ls: guide books (the ZeroMQ Guide's plain-text format) in Neovim, served by
-- the bookmarks-ls language server.
--
--   vim.opt.rtp:append('/path/to/bookmarks-ls/editors/neovim')
--   require('bookmarks_ls').setup({
--     cmd = { 'bookmarks-ls' },                     -- optional
--     settings = { bookmarks = { profile = 'mkwikidot' } },   -- optional, see README
--   })
--
-- Filetypes (set by ftdetect/zguide.lua, also without setup()):
--   zguide            chapterN.txt, partN.txt, preface*.txt, postface.txt of a book, xl8n/**/*.txt
--   zguide-bookmarks  .bookmarks and site/.bookmarks
--   and any .txt file the book lists (zguide.book, bookmarks-ls.toml, a driver script in bin/)
-- A folder is a book when it holds bookmarks-ls.toml, zguide.book, .bookmarks,
-- site/.bookmarks, a driver script in bin/ or a chapterN.txt (the server's rule).
--
-- Works on Neovim 0.11+ (vim.lsp.config / vim.lsp.enable), 0.8-0.10 (vim.lsp.start) and
-- 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client).
local M = {}

M.name = 'bookmarks_ls'
M.filetypes = { 'zguide', 'zguide-bookmarks' }
M.defaults = {
  cmd = { 'bookmarks-ls' },
  -- answered to the server's workspace/configuration requests (section "bookmarks")
  settings = { bookmarks = {} },
  -- K, gd, 'omnifunc' and 'tagfunc' on each attached buffer (false: leave them alone)
  buffer_defaults = true,
}
M.options = nil

local fn = vim.fn

local function exists(p) return fn.filereadable(p) == 1 end

local function dirname(p) return fn.fnamemodify(p, ':h') end

local function basename(p) return fn.fnamemodify(p, ':t') end

local function read(p)
  local f = io.open(p, 'rb')
  if not f then return nil end
  local s = f:read('*a')
  f:close()
  return s
end

-- The book rule of bookmarks-ls (analysis.IsBook, README "Which folders are books"):
-- keep these lists as the server has them.
M.markers = { 'bookmarks-ls.toml', 'zguide.book', '.bookmarks', 'site/.bookmarks',
  'bin/buildguide', 'bin/buildpdfs', 'bin/mkguide', 'bin/mkpdfs' }
local tools = { mkwikidot = true, mkdocbook = true, z2w = true, mkbook = true }
local shells = { sh = true, bash = true, dash = true, ksh = true, zsh = true }

--- true when TEXT is a shell script with a command that runs a converter
function M.calls_tool(text)
  local first = text:match('^[^\n]*')
  if first:sub(1, 2) == '#!' then
    local shell = false
    for w in first:sub(3):gmatch('[^%s/]+') do shell = shell or shells[w] or false end
    if not shell then return false end
  end
  for line in text:gmatch('[^\n]+') do
    line = line:gsub('^%s*#.*', '')
    for cmd in line:gmatch('[^;|&()]+') do
      local words = {}
      for w in cmd:gmatch('%S+') do words[#words + 1] = w end
      local i = 1
      while words[i] and (words[i]:match('^[%w_]+=') or words[i] == 'exec' or words[i] == 'perl' or words[i] == 'env' or words[i] == 'time') do i = i + 1 end
      if words[i] and tools[words[i]:match('([^/]+)$')] then return true end
    end
  end
  return false
end

--- true when DIR is a book: a marker file, a chapterN.txt, or a bin/ script calling a tool
function M.is_book(dir)
  if dir == nil or dir == '' then return false end
  for _, m in ipairs(M.markers) do
    if exists(dir .. '/' .. m) then return true end
  end
  for _, f in ipairs(fn.glob(dir .. '/chapter*.txt', true, true)) do
    if basename(f):match('^chapter%d+%.txt$') then return true end
  end
  for _, f in ipairs(fn.glob(dir .. '/bin/*', true, true)) do
    if not tools[basename(f)] and basename(f) ~= 'mkmarkdown' and exists(f) then
      local text = read(f)
      if text and not text:find('\0', 1, true) and M.calls_tool(text) then return true end
    end
  end
  return false
end

--- the book folder a file belongs to, or nil: the nearest book folder above it
function M.root(path)
  path = fn.fnamemodify(path, ':p')
  local dir = dirname(path)
  -- translations: <book>/xl8n/**/x.txt belongs to <book>, never to xl8n/kr
  local book = path:match('^(.*)/xl8n/')
  if book then dir = book end
  -- mkmarkdown's cache: <book>/site/.bookmarks belongs to <book>
  if basename(path) == '.bookmarks' and basename(dir) == 'site' then dir = dirname(dir) end
  while dir ~= nil and dir ~= '' do
    if M.is_book(dir) then return dir end
    local up = dirname(dir)
    if up == dir then break end
    dir = up
  end
  return nil
end

--- true when REL (a path inside the book ROOT) is named by the book's own lists: a line of
--- zguide.book, a quoted file of bookmarks-ls.toml, a word of a driver script in bin/
function M.listed(root, rel)
  local text = read(root .. '/zguide.book')
  if text then
    for line in text:gmatch('[^\n]+') do
      local w = line:match('^%s*(%S+)')
      if w and not w:match('^#') and not w:find('=', 1, true) and w:gsub('^%./', '') == rel then return true end
    end
  end
  text = read(root .. '/bookmarks-ls.toml')
  if text then
    for w in text:gmatch('"([^"]+)"') do
      if w:gsub('^%./', '') == rel then return true end
    end
  end
  for _, f in ipairs(fn.glob(root .. '/bin/*', true, true)) do
    text = not tools[basename(f)] and read(f) or nil
    if text and M.calls_tool(text) then
      for w in text:gmatch('[^%s\\;|&()\'"]+') do
        if w:gsub('^%./', '') == rel then return true end
      end
    end
  end
  return false
end

local guide_names = { '^chapter%d+%.txt$', '^part%d+%.txt$', '^preface.*%.txt$', '^postface%.txt$' }

--- the filetype of PATH: 'zguide', 'zguide-bookmarks' or nil
function M.filetype(path)
  path = fn.fnamemodify(path, ':p')
  local base = basename(path)
  if base == '.bookmarks' then return 'zguide-bookmarks' end
  if not base:match('%.txt$') then return nil end
  local root = M.root(path)
  if not root then return nil end
  if path:match('/xl8n/') then return 'zguide' end
  for _, pat in ipairs(guide_names) do
    if base:match(pat) then return 'zguide' end
  end
  if M.listed(root, path:sub(#root + 2)) then return 'zguide' end
  return nil
end

--- BufRead/BufNewFile callback (ftdetect on Neovim 0.7): sets the filetype of a guide file
function M.detect(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local ft = M.filetype(vim.api.nvim_buf_get_name(bufnr))
  -- set even when unchanged (:edit again): the FileType event keeps `setf text` out
  if ft then vim.bo[bufnr].filetype = ft end
end

-- how ftdetect/zguide.lua hooked in ('vim.filetype.add' or 'autocmd'), for :checkhealth
M.detection = nil

-- Lua filetype detection is the default from 0.8 on; 0.7 has it behind g:do_filetype_lua.
local function lua_filetype_detection()
  return vim.filetype ~= nil and vim.filetype.add ~= nil and
    (vim.fn.has('nvim-0.8') == 1 or vim.g.do_filetype_lua == 1)
end

-- Neovim 0.7's filetype.vim runs `*.txt -> setf text` before any ftdetect autocmd, so a guide
-- file would get FileType text (and text's plugins and servers) before zguide. Put the guide
-- check in front: take the group's *.txt autocmds out, add ours, put them back in order.
local function detect_before_text()
  local events = { 'BufNewFile', 'BufRead' }
  local group = vim.api.nvim_create_augroup('filetypedetect', { clear = false })
  local existing = {}
  for _, ev in ipairs(events) do
    existing[ev] = vim.api.nvim_get_autocmds({ group = group, event = ev, pattern = '*.txt' })
    for _, a in ipairs(existing[ev]) do
      if not a.command or a.command == '' then existing[ev] = nil; break end -- a Lua callback cannot be put back
    end
  end
  for _, ev in ipairs(events) do
    if existing[ev] and #existing[ev] > 0 then
      vim.api.nvim_clear_autocmds({ group = group, event = ev, pattern = '*.txt' })
    end
    vim.api.nvim_create_autocmd(ev, {
      group = group,
      pattern = { '*.txt', '.bookmarks' },
      callback = function(ev_args) M.detect(ev_args.buf) end,
    })
    for _, a in ipairs(existing[ev] or {}) do
      vim.api.nvim_create_autocmd(ev, { group = group, pattern = '*.txt', command = a.command, once = a.once })
    end
  end
end

--- called by ftdetect/zguide.lua: `zguide` wins over the generic *.txt -> text
function M.register_filetypes()
  if lua_filetype_detection() then
    vim.filetype.add({
      filename = { ['.bookmarks'] = 'zguide-bookmarks' },
      -- a positive priority is checked before the `txt` extension
      pattern = { ['.*%.txt'] = { function(path) return M.filetype(path) end, { priority = 10 } } },
    })
    M.detection = 'vim.filetype.add'
  else
    detect_before_text()
    M.detection = 'autocmd'
  end
end

local function opts() return M.options or M.defaults end

-- vim.json encodes an empty Lua table as [], but the server reads the settings and their
-- `bookmarks` and `bookmarks.diagnostics` sections as objects.
local function as_object(t)
  if type(t) == 'table' and next(t) == nil then return vim.empty_dict() end
  return t
end

--- SETTINGS with its object-valued parts encoded as JSON objects even when empty
function M.settings_for_server(settings)
  local s = vim.deepcopy(settings or {})
  if type(s.bookmarks) == 'table' then
    if type(s.bookmarks.diagnostics) == 'table' then s.bookmarks.diagnostics = as_object(s.bookmarks.diagnostics) end
    s.bookmarks = as_object(s.bookmarks)
  end
  return as_object(s)
end

-- the 'omnifunc' value of guide buffers
M.omnifunc = "v:lua.require'bookmarks_ls.complete'.omnifunc"

--- K, gd, 'omnifunc' and 'tagfunc' for BUFNR (Neovim before 0.10 sets none of the mappings)
function M.set_buffer_defaults(bufnr)
  local function map(lhs, rhs, desc)
    vim.keymap.set('n', lhs, rhs, { buffer = bufnr, silent = true, desc = 'bookmarks-ls: ' .. desc })
  end
  map('K', vim.lsp.buf.hover, 'hover (the title of a [#reference])')
  map('gd', vim.lsp.buf.definition, 'go to the header a [#reference] names')
  -- not vim.lsp.omnifunc: it drops the anchors found by a title word (bookmarks_ls.complete)
  vim.bo[bufnr].omnifunc = M.omnifunc
  vim.bo[bufnr].tagfunc = 'v:lua.vim.lsp.tagfunc'
end

local function on_attach(client, bufnr)
  require('bookmarks_ls.commands').register()
  if opts().buffer_defaults ~= false then M.set_buffer_defaults(bufnr) end
  local user = opts().on_attach
  if user then return user(client, bufnr) end
end
M.on_attach = on_attach

-- Neovim before 0.9 does not announce workspace/configuration, so the server cannot pull
-- the settings: push them once the client is up (as nvim-lspconfig does). Harmless later.
local function on_init(client, result)
  if client.config.settings and next(client.config.settings) then
    client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  end
  local user = opts().on_init
  if user then return user(client, result) end
end
M.on_init = on_init

local function client_config(root)
  local o = opts()
  return {
    name = M.name,
    cmd = o.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = M.settings_for_server(o.settings),
    init_options = o.init_options,
    on_init = on_init,
    on_attach = on_attach,
    capabilities = o.capabilities,
  }
end

local legacy_clients = {} -- root -> client id (Neovim 0.7)

--- attach the server to BUFNR (0.7 - 0.10 path)
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then return end
  local root = M.root(path) or dirname(fn.fnamemodify(path, ':p'))
  local cfg = client_config(root)
  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root_dir
    return vim.lsp.start(cfg, { bufnr = bufnr })
  end
  local id = legacy_clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(cfg)
    if not id then
      -- scheduled: an error raised inside the FileType autocmd would abort filetype/syntax setup
      vim.schedule(function()
        vim.notify('bookmarks-ls: could not start ' .. table.concat(cfg.cmd, ' ') ..
          ' (install bookmarks-ls or pass cmd to setup())', vim.log.levels.WARN)
      end)
      return
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- the settings table the server reads (bookmarks.profile, bookmarks.bookOrder,
--- bookmarks.diagnostics.forwardReferences, bookmarks.maxFileSize)
function M.setup(user)
  M.options = vim.tbl_deep_extend('force', {}, M.defaults, user or {})
  local o = M.options
  if vim.lsp.config and vim.lsp.enable then -- Neovim 0.11+
    vim.lsp.config(M.name, {
      cmd = o.cmd,
      filetypes = M.filetypes,
      root_dir = function(bufnr, on_dir)
        local root = M.root(vim.api.nvim_buf_get_name(bufnr))
        if root then on_dir(root) end
      end,
      settings = M.settings_for_server(o.settings),
      init_options = o.init_options,
      on_init = on_init,
      on_attach = on_attach,
      capabilities = o.capabilities,
    })
    vim.lsp.enable(M.name)
    return
  end
  local group = vim.api.nvim_create_augroup('bookmarks_ls_attach', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.filetypes,
    callback = function(ev) M.attach(ev.buf) end,
  })
  -- buffers already open when setup() runs
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.filetypes, vim.bo[b].filetype) then M.attach(b) end
  end
end

return M
