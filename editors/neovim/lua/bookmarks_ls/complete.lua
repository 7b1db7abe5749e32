-- SPDX-License-Identifier: MIT
-- 'omnifunc' of guide buffers: after `[#` the server's anchors as it sends them.
-- vim.lsp.omnifunc keeps only the items whose inserted text starts with the keyword before
-- the cursor, but the server matches an anchor by its name or by a word of its title:
-- `[#Lazy` must offer Client-Side-Reliability-Lazy-Pirate-Pattern. Other places (directives,
-- `$(`, `[[code`) are left to vim.lsp.omnifunc.
local M = {}

--- where the reference name typed before byte column COL of LINE starts (a 0-based byte
--- column): just after the last `[#`, with no blank or `]` between; nil outside a reference
--- (the server's rule, lsp/completion.go anchorContext)
function M.reference_start(line, col)
  local before = line:sub(1, col)
  local open
  local from = 1
  while true do
    local i = before:find('[#', from, true)
    if not i then break end
    open, from = i, i + 1
  end
  if not open or before:find('[ \t%]]', open + 2) then return nil end
  return open + 1
end

-- the text an item inserts in place of what was typed after `[#`
local function item_word(item)
  if item.textEdit and item.textEdit.newText then return item.textEdit.newText end
  return item.textEditText or item.insertText or item.label
end

--- the complete-items of the LSP completion RESULT, in the server's order (sortText, then
--- as sent), none dropped: the server has filtered them by what was typed
function M.complete_items(result)
  local items = vim.lsp.util.extract_completion_items(result) or {}
  local order = {}
  for i, item in ipairs(items) do order[i] = { i = i, item = item } end
  table.sort(order, function(a, b)
    local sa, sb = a.item.sortText or a.item.label, b.item.sortText or b.item.label
    if sa ~= sb then return sa < sb end
    return a.i < b.i
  end)
  local out = {}
  for _, o in ipairs(order) do
    local item = o.item
    table.insert(out, {
      word = item_word(item),
      abbr = item.label,
      kind = vim.lsp.protocol.CompletionItemKind[item.kind] or '',
      menu = item.detail or '',
      info = item.detail or ' ',
      icase = 1,
      dup = 1,
      empty = 1,
      user_data = { nvim = { lsp = { completion_item = item } } },
    })
  end
  return out
end

-- the position encoding of the buffer's server (make_position_params wants it from 0.11 on)
local function offset_encoding(bufnr)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(clients) do
    if client.name == 'bookmarks_ls' then return client.offset_encoding end
  end
  local _, client = next(clients)
  return client and client.offset_encoding or 'utf-16'
end

-- Shows the server's items for the reference name starting at byte column START of the
-- cursor line, as vim.lsp.omnifunc does: asynchronously, with complete(), once the answer is
-- there and the cursor is still in that name in insert mode.
local function request_and_show(bufnr, start)
  local lnum = vim.api.nvim_win_get_cursor(0)[1]
  local params = vim.lsp.util.make_position_params(0, offset_encoding(bufnr))
  vim.lsp.buf_request_all(bufnr, 'textDocument/completion', params, function(responses)
    local cursor = vim.api.nvim_win_get_cursor(0)
    if vim.fn.mode() ~= 'i' or vim.api.nvim_get_current_buf() ~= bufnr or cursor[1] ~= lnum or cursor[2] < start then
      return
    end
    local items = {}
    for _, response in pairs(responses or {}) do
      if response.result then vim.list_extend(items, M.complete_items(response.result)) end
    end
    vim.fn.complete(start + 1, items)
  end)
end

--- 'omnifunc' (|complete-functions|) for guide buffers
function M.omnifunc(findstart, base)
  local start = M.reference_start(vim.api.nvim_get_current_line(), vim.api.nvim_win_get_cursor(0)[2])
  if not start then return vim.lsp.omnifunc(findstart, base) end
  if findstart == 1 then
    request_and_show(vim.api.nvim_get_current_buf(), start)
    return -2 -- stay in completion mode: complete() shows the items when they arrive
  end
  return {}
end

return M
