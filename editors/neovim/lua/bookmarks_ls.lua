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
-- A folder is a book when it holds `.bookmarks`, `zguide.book` or a `chapterN.txt`.
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
}
M.options = nil

local fn = vim.fn

local function exists(p) return fn.filereadable(p) == 1 end

local function dirname(p) return fn.fnamemodify(p, ':h') end

local function basename(p) return fn.fnamemodify(p, ':t') end

--- true when DIR holds `.bookmarks`, `zguide.book` or a `chapterN.txt`
function M.is_book(dir)
  if dir == nil or dir == '' then return false end
  if exists(dir .. '/.bookmarks') or exists(dir .. '/zguide.book') then return true end
  for _, f in ipairs(fn.glob(dir .. '/chapter*.txt', true, true)) do
    if basename(f):match('^chapter%d+%.txt$') then return true end
  end
  return false
end

--- the book folder a file belongs to, or nil
function M.root(path)
  path = fn.fnamemodify(path, ':p')
  local dir = dirname(path)
  -- translations: <book>/xl8n/**/x.txt belongs to <book>
  local book = path:match('^(.*)/xl8n/')
  if book then return M.is_book(book) and book or nil end
  -- mkmarkdown's cache: <book>/site/.bookmarks belongs to <book>
  if basename(path) == '.bookmarks' and basename(dir) == 'site' and M.is_book(dirname(dir)) then
    return dirname(dir)
  end
  if M.is_book(dir) then return dir end
  return nil
end

local guide_names = { '^chapter%d+%.txt$', '^part%d+%.txt$', '^preface.*%.txt$', '^postface%.txt$' }

--- the filetype of PATH: 'zguide', 'zguide-bookmarks' or nil
function M.filetype(path)
  path = fn.fnamemodify(path, ':p')
  local base = basename(path)
  if base == '.bookmarks' then return 'zguide-bookmarks' end
  if not base:match('%.txt$') then return nil end
  if path:match('/xl8n/') then return M.root(path) and 'zguide' or nil end
  for _, pat in ipairs(guide_names) do
    if base:match(pat) then return M.root(path) and 'zguide' or nil end
  end
  return nil
end

--- BufRead/BufNewFile callback (ftdetect): overrides the generic `text` filetype of *.txt
function M.detect(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local ft = M.filetype(vim.api.nvim_buf_get_name(bufnr))
  if ft and vim.bo[bufnr].filetype ~= ft then vim.bo[bufnr].filetype = ft end
end

local function opts() return M.options or M.defaults end

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
    settings = o.settings,
    init_options = o.init_options,
    on_init = on_init,
    on_attach = o.on_attach,
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
      settings = o.settings,
      init_options = o.init_options,
      on_init = on_init,
      on_attach = o.on_attach,
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
