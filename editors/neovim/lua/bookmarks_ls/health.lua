-- SPDX-License-Identifier: MIT
-- :checkhealth bookmarks_ls — the server binary, filetype detection, attached buffers.
-- Reports through vim.health (0.10+: start/ok/…, 0.8-0.9: report_*) or 0.7's require('health').
local M = {}

local function reporter()
  local h = vim.health or require('health')
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    info = h.info or h.report_info,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
  }
end

local function first_line(s) return (s:match('^[^\n]*') or ''):gsub('%s+$', '') end

local function check_binary(report, cmd)
  report.start('bookmarks-ls binary')
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    report.info('cmd is not a list of words; not checked')
    return
  end
  local exe = cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    report.error(('`%s` is not executable or not on PATH'):format(exe), {
      'go install github.com/bookmarks-ls/bookmarks-ls/cmd/bookmarks-ls@latest',
      "or give its path: require('bookmarks_ls').setup({ cmd = { '/path/to/bookmarks-ls' } })",
    })
    return
  end
  local out = vim.fn.system({ exe, 'version' })
  if vim.v.shell_error ~= 0 then
    report.error(('`%s version` failed (exit %d): %s'):format(exe, vim.v.shell_error, first_line(out)))
    return
  end
  report.ok(('%s: %s'):format(vim.fn.exepath(exe), first_line(out)))
end

local function check_detection(report, bl)
  report.start('filetype detection')
  if bl.detection == 'vim.filetype.add' then
    report.ok('guide files get `zguide` from vim.filetype.add (before the *.txt -> text rule)')
  elseif bl.detection == 'autocmd' then
    report.ok('guide files get `zguide` from a BufRead autocmd placed before the *.txt -> text rule')
  else
    report.warn('ftdetect/zguide.lua was not loaded: guide files stay `text`', {
      "add the plugin folder to 'runtimepath' in init.lua, before filetype detection starts",
    })
  end
end

local function attached(bufnr, name)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr, name = name })[1] end
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == name then return c end
  end
end

local function check_buffers(report, bl)
  report.start('open guide files')
  local seen = false
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    local path = vim.api.nvim_buf_get_name(b)
    local ft = vim.bo[b].filetype
    local want = path ~= '' and vim.api.nvim_buf_is_loaded(b) and bl.filetype(path)
    if want or vim.tbl_contains(bl.filetypes, ft) then
      seen = true
      local rel = vim.fn.fnamemodify(path, ':~:.')
      if want and ft ~= want then
        report.warn(('%s: filetype `%s`, expected `%s`'):format(rel, ft, want))
      else
        local c = attached(b, bl.name)
        if c then
          report.ok(('%s: `%s`, server attached (client %d, book %s)'):format(rel, ft, c.id, tostring(c.config.root_dir)))
        else
          report.warn(('%s: `%s`, no server attached'):format(rel, ft),
            { "call require('bookmarks_ls').setup() in init.lua (or vim.lsp.enable('bookmarks_ls') on 0.11+)" })
        end
      end
    end
  end
  if not seen then report.info('no guide file is open') end
end

function M.check()
  local report = reporter()
  local bl = require('bookmarks_ls')
  check_binary(report, (bl.options or bl.defaults).cmd)
  check_detection(report, bl)
  check_buffers(report, bl)
end

return M
