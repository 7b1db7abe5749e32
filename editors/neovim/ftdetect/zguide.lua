-- SPDX-License-Identifier: MIT
-- Guide-book filetypes: `zguide` for the book's chapter/part/preface/postface .txt files and
-- xl8n/**/*.txt, `zguide-bookmarks` for .bookmarks. Runs after the built-in *.txt -> text
-- rule and overrides it (see lua/bookmarks_ls.lua for what counts as a book).
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  group = vim.api.nvim_create_augroup('bookmarks_ls_ftdetect', { clear = true }),
  pattern = { '*.txt', '.bookmarks' },
  callback = function(ev) require('bookmarks_ls').detect(ev.buf) end,
})
