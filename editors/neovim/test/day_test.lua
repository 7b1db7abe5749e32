-- SPDX-License-Identifier: MIT
-- A Guide author's editor day on Neovim >= 0.7.2, through the keys a user presses: start with
-- no settings (no warning), K, gd, CTRL-] and omni completion on the attached buffer.
--   BARE_SETUP=1 nvim --headless -n -i NONE -u test/init.lua FILE -c 'luafile test/day_test.lua'
-- Env:  LSP_LINE, LSP_CHAR          0-based position of a reference (K, gd, CTRL-])
--       EXPECT_HOVER                substring the hover float must show
--       EXPECT_DEF_FILE, EXPECT_DEF_LINE   where gd and CTRL-] must land (basename, 0-based line)
--       COMPLETE_LINE, COMPLETE_TEXT       replace that 0-based line by TEXT typed in insert
--                                          mode, then <C-x><C-o> at its end
--       EXPECT_COMPLETION           a word the completion menu must offer
--       EXPECT_ACCEPTED             the line after accepting the first item with <C-y>
--       COMPLETE_TEXT_2, EXPECT_COMPLETION_2, EXPECT_ACCEPTED_2 (and _3): more of the same
--                                   on COMPLETE_LINE
--       LENS_FILE, LENS_LINE        a header (0-based line) whose code lens runs with
--                                   vim.lsp.codelens.run() (bookmarks.showReferences)
--       EXPECT_LENS_COUNT, EXPECT_LENS_FIRST, EXPECT_LENS_TITLE   the quickfix list it opens:
--                                   its size, first entry (file:line, 1-based) and title
--       DEFAULT_FILE, DEFAULT_CODE  a file that, with the default settings, has a diagnostic
--                                   with that code
--       LSP_TIMEOUT_MS              per-step timeout (default 15000)
-- Prints one line per check; exits 0 on success, 1 on failure.
local api = vim.api
local failures = {}
local T = tonumber(os.getenv('LSP_TIMEOUT_MS') or '') or 15000
local function env(n) local v = os.getenv(n); if v and v ~= '' then return v end end
local function say(s) io.stdout:write(s, '\n'); io.stdout:flush() end
local function fail(s) table.insert(failures, s); say('FAIL ' .. s) end
local function check(ok, what) if ok then say('ok ' .. what) else fail(what) end end
local function flat(s) return (tostring(s):gsub('%s*\n%s*', ' | ')) end
local function keys(s) return api.nvim_replace_termcodes(s, true, false, true) end
local function now() return (vim.uv or vim.loop).now() end
local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end
local function buf_client(bufnr)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr })[1] end
  return ({ next(vim.lsp.buf_get_clients(bufnr)) })[2]
end
local function where()
  local cur = api.nvim_win_get_cursor(0)
  return vim.fn.fnamemodify(api.nvim_buf_get_name(0), ':t'), cur[1] - 1
end
local function finish()
  say(#failures == 0 and 'RESULT PASS' or ('RESULT FAIL (' .. #failures .. ')'))
  for _, c in ipairs(all_clients()) do vim.lsp.stop_client(c.id) end
  vim.wait(1000, function() return #all_clients() == 0 end, 50)
  if #failures == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

-- Types TEXT in insert mode at the end of line LNUM (0-based, replaced first), then <C-x><C-o>;
-- once the menu has items (or after T ms) accepts the first with <C-y> and leaves insert mode.
-- Returns the items the menu showed.
local function omni_complete(bufnr, lnum, text)
  api.nvim_buf_set_lines(bufnr, lnum, lnum + 1, false, { '' })
  api.nvim_win_set_cursor(0, { lnum + 1, 0 })
  local items, t0 = {}, now()
  local timer = (vim.uv or vim.loop).new_timer()
  timer:start(50, 50, vim.schedule_wrap(function()
    if not timer:is_active() then return end
    local info = vim.fn.complete_info({ 'items' })
    if #info.items > 0 or now() - t0 > T then
      timer:stop()
      timer:close()
      items = info.items
      api.nvim_feedkeys(keys((#items > 0 and '<C-y>' or '') .. '<Esc>'), 'n', false)
    end
  end))
  -- '!': stay in insert mode until the timer leaves it (the server answers meanwhile)
  api.nvim_feedkeys(keys('A' .. text .. '<C-x><C-o>'), 'x!', false)
  return items
end

local ok, err = pcall(function()
  local bufnr = api.nvim_get_current_buf()
  local name = vim.fn.fnamemodify(api.nvim_buf_get_name(bufnr), ':t')
  say('FILE ' .. name .. ' filetype=' .. vim.bo.filetype)

  -- 1. the client starts and the book is analysed: no warning on the way
  local client
  local t0 = now()
  vim.wait(T, function()
    client = buf_client(bufnr)
    if client and client.initialized then return true end
    return #all_clients() == 0 and now() - t0 > 1000
  end, 20)
  if not (client and client.initialized) then fail('no initialized LSP client attached to ' .. name); return end
  local uri = vim.uri_from_bufnr(bufnr)
  if not vim.wait(T, function() return _G.bookmarks_test_published[uri] ~= nil end, 20) then
    fail('textDocument/publishDiagnostics: nothing published for ' .. name)
  end
  vim.wait(500) -- a settings warning is sent before the first diagnostics; give it time anyway
  check(#_G.bookmarks_test_messages == 0, 'START no window/showMessage from the server: ' ..
    flat(table.concat(_G.bookmarks_test_messages, ' / ')))
  local messages = vim.fn.execute('messages')
  check(not messages:find('bookmarks', 1, true) and not messages:find('LSP', 1, true),
    'START :messages has nothing from the server: ' .. flat(messages))

  -- 2. the buffer-local defaults of on_attach
  local K, gd = vim.fn.maparg('K', 'n', false, true), vim.fn.maparg('gd', 'n', false, true)
  check(K.buffer == 1, 'ATTACH K is mapped in the buffer')
  check(gd.buffer == 1, 'ATTACH gd is mapped in the buffer')
  check(vim.bo.omnifunc == "v:lua.require'bookmarks_ls.complete'.omnifunc", "ATTACH 'omnifunc' = " .. vim.bo.omnifunc)
  check(vim.bo.tagfunc == 'v:lua.vim.lsp.tagfunc', "ATTACH 'tagfunc' = " .. vim.bo.tagfunc)

  local line, char = tonumber(env('LSP_LINE') or ''), tonumber(env('LSP_CHAR') or '')
  local ef, el = env('EXPECT_DEF_FILE'), tonumber(env('EXPECT_DEF_LINE') or '')
  if line and char then
    -- 3. K on a reference: the hover float
    api.nvim_win_set_cursor(0, { line + 1, char })
    api.nvim_feedkeys('K', 'x', false)
    local float
    vim.wait(T, function()
      for _, w in ipairs(api.nvim_list_wins()) do
        if api.nvim_win_get_config(w).relative ~= '' then float = w; return true end
      end
    end, 20)
    local text = float and table.concat(api.nvim_buf_get_lines(api.nvim_win_get_buf(float), 0, -1, false), '\n') or ''
    local eh = env('EXPECT_HOVER') or ''
    check(float ~= nil and text:find(eh, 1, true) ~= nil, 'K opens the hover float with "' .. eh .. '": ' .. flat(text))
    if float then api.nvim_win_close(float, true) end

    -- 4. gd and CTRL-] on the reference: the header line of the definition
    for _, key in ipairs({ 'gd', '<C-]>' }) do
      vim.cmd('buffer ' .. bufnr)
      api.nvim_win_set_cursor(0, { line + 1, char })
      local before = api.nvim_get_current_buf()
      api.nvim_feedkeys(keys(key), 'x', false)
      vim.wait(T, function() return api.nvim_get_current_buf() ~= before end, 20)
      local file, lnum = where()
      check(file == ef and lnum == el, ('%s jumps to %s:%d: %s:%d %q'):format(key, ef, el, file, lnum, api.nvim_get_current_line()))
    end
    vim.cmd('buffer ' .. bufnr)
  end

  -- 5. omni completion after typing the start of a reference (or a title word of its header)
  local cl = tonumber(env('COMPLETE_LINE') or '')
  for _, case in ipairs({ '', '_2', '_3' }) do
    local ct = env('COMPLETE_TEXT' .. case)
    if cl and ct then
      local items = omni_complete(bufnr, cl, ct)
      local words = {}
      for i, it in ipairs(items) do if i <= 6 then table.insert(words, it.word) end end
      say(('COMPLETION %q %d items: %s'):format(ct, #items, table.concat(words, ' ')))
      check(#items > 0, 'omni completion (<C-x><C-o>) after "' .. ct .. '" offers items')
      local want = env('EXPECT_COMPLETION' .. case)
      if want then
        local found = false
        for _, it in ipairs(items) do found = found or it.word == want end
        check(found, 'omni completion offers ' .. want)
      end
      local accepted = api.nvim_buf_get_lines(bufnr, cl, cl + 1, false)[1]
      local ea = env('EXPECT_ACCEPTED' .. case)
      if ea then check(accepted == ea, ('<C-y> on the first item: %q (want %q)'):format(accepted, ea)) end
    end
  end

  -- 6. the defaults apply: a diagnostic the default settings report
  local df, dc = env('DEFAULT_FILE'), env('DEFAULT_CODE')
  if df and dc then
    vim.cmd('edit! ' .. vim.fn.fnameescape(vim.fn.fnamemodify(api.nvim_buf_get_name(bufnr), ':h') .. '/' .. df))
    local b = api.nvim_get_current_buf()
    local found = vim.wait(T, function()
      for _, d in ipairs(vim.diagnostic.get(b)) do
        if (d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)) == dc then return true end
      end
    end, 20)
    check(found, 'default settings: ' .. df .. ' has a ' .. dc .. ' diagnostic')
  end

  -- 7. the code lens "N references" of a header: run, it fills and opens the quickfix list
  local lf, ll = env('LENS_FILE'), tonumber(env('LENS_LINE') or '')
  if lf and ll then
    vim.cmd('edit! ' .. vim.fn.fnameescape(vim.fn.fnamemodify(api.nvim_buf_get_name(bufnr), ':h') .. '/' .. lf))
    local b = api.nvim_get_current_buf()
    vim.wait(T, function() return buf_client(b) ~= nil end, 20)
    local lens
    vim.wait(T, function()
      vim.lsp.codelens.refresh()
      vim.wait(200, function()
        for _, l in ipairs(vim.lsp.codelens.get(b)) do
          if l.range.start.line == ll and l.command then lens = l; return true end
        end
      end, 20)
      return lens ~= nil
    end, 20)
    check(lens ~= nil, ('LENS %s:%d has a code lens: %s'):format(lf, ll, lens and lens.command.title or 'none'))
    if lens then
      vim.fn.setqflist({}, 'r')
      api.nvim_win_set_cursor(0, { ll + 1, 0 })
      vim.lsp.codelens.run()
      vim.wait(T, function() return #vim.fn.getqflist() > 0 end, 20)
      local qf = vim.fn.getqflist({ items = 1, title = 1, winid = 1 })
      local first = qf.items[1]
      local got = first and ('%s:%d'):format(vim.fn.fnamemodify(vim.fn.bufname(first.bufnr), ':t'), first.lnum) or 'none'
      say(('LENS_RUN %q: quickfix %q, %d entries, first %s'):format(lens.command.title, qf.title, #qf.items, got))
      local ec, efirst, et = tonumber(env('EXPECT_LENS_COUNT') or ''), env('EXPECT_LENS_FIRST'), env('EXPECT_LENS_TITLE')
      if ec then check(#qf.items == ec, ('the lens fills the quickfix list with %d entries: %d'):format(ec, #qf.items)) end
      if efirst then check(got == efirst, ('its first entry is %s: %s'):format(efirst, got)) end
      if et then check(qf.title == et, ('its title is %q: %q'):format(et, qf.title)) end
      check(qf.winid ~= 0, 'the quickfix window is open')
    end
  end
end)
if not ok then fail('lua error: ' .. tostring(err)) end
finish()
