-- SPDX-License-Identifier: MIT
-- Neovim 0.11+: with this folder on 'runtimepath', `vim.lsp.enable('bookmarks_ls')` is enough
-- (require('bookmarks_ls').setup() does the same and also takes options).
local bookmarks_ls = require('bookmarks_ls')
---@type vim.lsp.Config
return {
  cmd = { 'bookmarks-ls' },
  filetypes = bookmarks_ls.filetypes,
  root_dir = function(bufnr, on_dir)
    local root = bookmarks_ls.root(vim.api.nvim_buf_get_name(bufnr))
    if root then on_dir(root) end
  end,
  settings = { bookmarks = vim.empty_dict() }, -- {} would go out as []
  -- K, gd, the title-word 'omnifunc', 'tagfunc', and the code lens command bookmarks.showReferences
  on_attach = bookmarks_ls.on_attach,
}
