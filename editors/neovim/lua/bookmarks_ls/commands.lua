-- SPDX-License-Identifier: MIT
-- The client-side commands the server's code lenses carry (it does not execute them itself).
local M = {}

M.show_references = 'bookmarks.showReferences'

-- the title of the header a lens stands on (its line without the `+`s)
local function header_title(bufnr, position)
  if not (position and vim.api.nvim_buf_is_loaded(bufnr)) then return '' end
  local line = vim.api.nvim_buf_get_lines(bufnr, position.line, position.line + 1, false)[1] or ''
  return vim.trim((line:gsub('^%++', '')))
end

--- bookmarks.showReferences [uri, position, locations]: the locations in the quickfix list,
--- opened; COMMAND is the lens's Command, CTX { bufnr, client_id }
function M.show_references_handler(command, ctx)
  local args = command.arguments or {}
  local uri, position, locations = args[1], args[2], args[3] or {}
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  local bufnr = uri and vim.uri_to_bufnr(uri) or ctx.bufnr
  local title = header_title(bufnr, position)
  if #locations == 0 then
    vim.notify('bookmarks-ls: no references to ' .. title, vim.log.levels.INFO)
    return
  end
  vim.fn.setqflist({}, ' ', { title = 'References of ' .. title, items = vim.lsp.util.locations_to_items(locations, encoding) })
  vim.cmd('botright copen')
end

--- puts the commands into vim.lsp.commands, leaving alone any the user registered
function M.register()
  if vim.lsp.commands[M.show_references] == nil then
    vim.lsp.commands[M.show_references] = M.show_references_handler
  end
end

return M
