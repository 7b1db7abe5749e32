-- SPDX-License-Identifier: MIT
-- Filetype detection and syntax groups (no server): nvim --headless -u NONE ... -c 'luafile ft_test.lua'
-- $BOOK: a copy of the example book.
local book = os.getenv('BOOK')
local failures = 0
local function say(s) io.stdout:write(s, '\n') end
local function check(rel, want)
  vim.cmd('edit ' .. vim.fn.fnameescape(book .. '/' .. rel))
  local ft = vim.bo.filetype
  local ok = ft == want
  if not ok then failures = failures + 1 end
  say(('%s FT %s = %q (want %q)'):format(ok and 'ok' or 'FAIL', rel, ft, want))
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
say(failures == 0 and 'RESULT PASS' or ('RESULT FAIL (' .. failures .. ')'))
vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
