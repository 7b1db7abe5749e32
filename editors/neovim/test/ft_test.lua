-- SPDX-License-Identifier: MIT
-- Filetype detection and syntax groups (no server): nvim --headless -u NONE ... -c 'luafile ft_test.lua'
-- $BOOK: a copy of the example book.
local book = os.getenv('BOOK')
local failures = 0
local function say(s) io.stdout:write(s, '\n') end
-- every FileType event, in order: a guide file must get `zguide` directly, never `text` first
-- (text's plugins and language servers would start on it)
local filetype_events = {}
vim.api.nvim_create_autocmd('FileType', {
  callback = function(ev) table.insert(filetype_events, ev.match) end,
})
local function check(rel, want)
  filetype_events = {}
  vim.cmd('edit ' .. vim.fn.fnameescape(book .. '/' .. rel))
  local ft = vim.bo.filetype
  local seq = table.concat(filetype_events, ',')
  local ok = ft == want and seq == want
  if not ok then failures = failures + 1 end
  say(('%s FT %s = %q, FileType events %q (want %q)'):format(ok and 'ok' or 'FAIL', rel, ft, seq, want))
end
local function syn(rel, lnum, col, want)
  vim.cmd('edit ' .. vim.fn.fnameescape(book .. '/' .. rel))
  local st = vim.fn.synstack(lnum, col)
  local name = #st > 0 and vim.fn.synIDattr(st[#st], 'name') or ''
  local ok = name == want
  if not ok then failures = failures + 1 end
  say(('%s SYN %s:%d:%d = %s (want %s)'):format(ok and 'ok' or 'FAIL', rel, lnum, col, name, want))
end
check('chapter1.txt', 'zguide')
check('preface.txt', 'zguide')
check('postface.txt', 'zguide')
check('xl8n/chapter1.txt', 'zguide')
check('notes.txt', 'text')
check('.bookmarks', 'zguide-bookmarks')
check('site/.bookmarks', 'zguide-bookmarks')
-- Books of free file names, by the server's rule: listed in zguide.book, in a driver
-- script in bin/, in bookmarks-ls.toml; an unlisted file stays text.
local tmp = vim.fn.tempname()
local function write(rel, text)
  vim.fn.mkdir(vim.fn.fnamemodify(tmp .. '/' .. rel, ':h'), 'p')
  local f = assert(io.open(tmp .. '/' .. rel, 'wb'))
  f:write(text)
  f:close()
end
write('listed/zguide.book', 'TITLE=Knots\n# content\n./intro.txt\n')
write('listed/intro.txt', '+ Intro\n')
write('listed/notes.txt', 'notes\n')
write('driven/bin/buildguide', '#!/bin/bash\n# build\nBOOK_LANG=C bin/mkwikidot \\\n    front.txt \\\n    back.txt > log.txt\n')
write('driven/front.txt', '+ Front\n')
write('configured/bookmarks-ls.toml', '[[run]]\ntool = "mkwikidot"\nfiles = ["parts/one.txt"]\n')
write('configured/parts/one.txt', '+ One\n')
write('plain/intro.txt', '+ Not a book\n')
local function check_abs(rel, want)
  local saved = book
  book = tmp
  check(rel, want)
  book = saved
end
check_abs('listed/intro.txt', 'zguide')
check_abs('listed/notes.txt', 'text')
check_abs('driven/front.txt', 'zguide')
check_abs('configured/parts/one.txt', 'zguide')
check_abs('plain/intro.txt', 'text')
syn('chapter1.txt', 2, 3, 'zguideDirective')      -- .bookmark folding
syn('chapter1.txt', 2, 12, 'zguideBookmarkName')
syn('chapter1.txt', 3, 4, 'zguideHeader1')        -- + Folding Basics
syn('chapter1.txt', 7, 5, 'zguideHeader2')        -- ++ Paper 101
syn('chapter1.txt', 12, 3, 'zguideCode')          -- .endfor inside [[code]]
syn('chapter1.txt', 13, 1, 'zguideCode')          -- + inside [[code]]
syn('chapter1.txt', 20, 1, 'zguideCode')          -- textdiagram body
syn('chapter1.txt', 26, 1, 'zguideCode')          -- example body
syn('chapter2.txt', 24, 3, 'zguideUnparsedCode')  -- [[code type="example" name= title=]]
syn('chapter2.txt', 25, 3, 'zguideHeader1')       -- so this is a real header
syn('chapter2.txt', 5, 42, 'zguideReference')     -- [#folding]
syn('chapter2.txt', 9, 62, 'zguideSymbol')        -- $(WAVES)
syn('preface.txt', 1, 2, 'zguideComment')         -- .- comment
syn('.bookmarks', 1, 2, 'zguideBmAnchor')
say('detection: ' .. tostring(require('bookmarks_ls').detection))
say(failures == 0 and 'RESULT PASS' or ('RESULT FAIL (' .. failures .. ')'))
vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
