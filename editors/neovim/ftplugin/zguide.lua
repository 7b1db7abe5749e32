-- SPDX-License-Identifier: MIT
if vim.b.did_ftplugin then return end
vim.b.did_ftplugin = 1
vim.bo.commentstring = '.- %s'
vim.bo.comments = 'b:.-'
vim.bo.textwidth = 0
vim.b.undo_ftplugin = 'setlocal commentstring< comments< textwidth<'
