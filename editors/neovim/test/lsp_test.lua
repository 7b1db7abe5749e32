-- SPDX-License-Identifier: MIT
-- Headless end-to-end LSP check of the bookmarks_ls plugin (Neovim >= 0.7.2).
-- Env:  LSP_LINE, LSP_CHAR          0-based position of a reference for hover/definition
--       EXPECT_FT                   filetype the file must get (default zguide)
--       EXPECT_DIAG                 substring of a diagnostic message that must appear
--       EXPECT_HOVER                substring the hover must contain
--       EXPECT_DEF_FILE, EXPECT_DEF_LINE   where go-to-definition must land (basename, 0-based)
--       COMPLETE_LINE, COMPLETE_TEXT       replace that 0-based line by TEXT, complete at its end
--       EXPECT_COMPLETION, EXPECT_COMPLETION_DETAIL   label (and detail substring) of an item
--       LSP_TIMEOUT_MS              per-step timeout (default 15000)
-- Prints FILE/CLIENT/DIAG/HOVER/DEF/COMPLETION lines; exits 0 on success, 1 on failure.
local api = vim.api
local failures = {}
local T = tonumber(os.getenv('LSP_TIMEOUT_MS') or '') or 15000
local function env(n) local v = os.getenv(n); if v and v ~= '' then return v end end
local function say(s) io.stdout:write(s, '\n'); io.stdout:flush() end
local function fail(s) table.insert(failures, s); say('FAIL ' .. s) end
local function flat(s) return (tostring(s):gsub('%s*\n%s*', ' | ')) end
local function buf_clients(bufnr)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr }) end
  local t = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do table.insert(t, c) end
  return t
end
local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end
local function now() return (vim.uv or vim.loop).now() end
local function hover_text(c)
  if type(c) == 'string' then return c end
  if c.value then return c.value end
  local t = {}
  for _, x in ipairs(c) do table.insert(t, hover_text(x)) end
  return table.concat(t, '\n')
end
local function finish()
  say(#failures == 0 and 'RESULT PASS' or ('RESULT FAIL (' .. #failures .. ')'))
  for _, c in ipairs(all_clients()) do vim.lsp.stop_client(c.id) end
  vim.wait(1000, function() return #all_clients() == 0 end, 50)
  if #failures == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

local ok, err = pcall(function()
  local bufnr = api.nvim_get_current_buf()
  local line = tonumber(env('LSP_LINE') or '0')
  local char = tonumber(env('LSP_CHAR') or '0')
  say('FILE ' .. api.nvim_buf_get_name(bufnr) .. ' filetype=' .. vim.bo.filetype .. ' syntax=' .. vim.bo.syntax)
  local want_ft = env('EXPECT_FT') or 'zguide'
  if vim.bo.filetype ~= want_ft then fail('filetype is ' .. vim.bo.filetype .. ', expected ' .. want_ft) end

  -- 1. a client attached and initialized (fail fast when the server could not start)
  local client
  local t0 = now()
  vim.wait(T, function()
    client = buf_clients(bufnr)[1]
    if client and client.initialized then return true end
    return #all_clients() == 0 and now() - t0 > 1000
  end, 20)
  if not (client and client.initialized) then fail('no initialized LSP client attached to the buffer'); return end
  say('CLIENT ' .. client.name .. ' id=' .. client.id .. ' root=' .. tostring(client.config.root_dir))

  -- 2. diagnostics published for the file
  local want = env('EXPECT_DIAG')
  local function has_diag()
    local ds = vim.diagnostic.get(bufnr)
    if not want then return #ds > 0 end
    for _, d in ipairs(ds) do if d.message:find(want, 1, true) then return true end end
  end
  if not vim.wait(T, has_diag, 20) then
    fail('textDocument/publishDiagnostics: no diagnostic' .. (want and (' containing "' .. want .. '"') or '') .. ' within ' .. T .. ' ms')
  end
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    say(('DIAG %d:%d severity=%d code=%s %s'):format(d.lnum, d.col, d.severity, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)), flat(d.message)))
  end

  -- 3. hover: the raw request, then the UI (vim.lsp.buf.hover opens a float)
  api.nvim_win_set_cursor(0, { line + 1, char })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, T) or {}
  local hover = ''
  for _, r in pairs(res) do
    if r.err then fail('textDocument/hover error ' .. vim.inspect(r.err)) end
    if r.result and r.result.contents then hover = hover .. hover_text(r.result.contents) end
  end
  say('HOVER ' .. flat(hover))
  if hover == '' then fail('textDocument/hover at ' .. line .. ':' .. char .. ': empty result') end
  local eh = env('EXPECT_HOVER')
  if eh and not hover:find(eh, 1, true) then fail('textDocument/hover lacks "' .. eh .. '"') end
  vim.lsp.buf.hover()
  local float
  vim.wait(T, function()
    for _, w in ipairs(api.nvim_list_wins()) do
      if api.nvim_win_get_config(w).relative ~= '' then float = w; return true end
    end
  end, 20)
  if float then
    local text = table.concat(api.nvim_buf_get_lines(api.nvim_win_get_buf(float), 0, -1, false), '\n')
    say('HOVER_FLOAT ' .. flat(text))
    if eh and not text:find(eh, 1, true) then fail('hover float lacks "' .. eh .. '"') end
    api.nvim_win_close(float, true)
  else
    fail('hover float did not open')
  end

  -- 4. definition: the raw request, then the UI (vim.lsp.buf.definition jumps)
  api.nvim_win_set_cursor(0, { line + 1, char })
  params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  res = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', params, T) or {}
  local locs = {}
  for _, r in pairs(res) do
    if r.err then fail('textDocument/definition error ' .. vim.inspect(r.err)) end
    local result = r.result
    if result and (result.uri or result.targetUri) then result = { result } end
    for _, l in ipairs(result or {}) do table.insert(locs, l) end
  end
  for _, l in ipairs(locs) do
    local rng = l.targetSelectionRange or l.range
    say(('DEF %s:%d:%d'):format(vim.uri_to_fname(l.uri or l.targetUri), rng.start.line, rng.start.character))
  end
  if #locs == 0 then fail('textDocument/definition at ' .. line .. ':' .. char .. ': no location') end
  local before = vim.inspect({ api.nvim_get_current_buf(), api.nvim_win_get_cursor(0) })
  vim.lsp.buf.definition()
  vim.wait(T, function() return vim.inspect({ api.nvim_get_current_buf(), api.nvim_win_get_cursor(0) }) ~= before end, 20)
  local cur = api.nvim_win_get_cursor(0)
  local jumped = api.nvim_buf_get_name(0)
  say(('DEF_JUMP %s:%d:%d filetype=%s'):format(jumped, cur[1] - 1, cur[2], vim.bo.filetype))
  local ef, el = env('EXPECT_DEF_FILE'), env('EXPECT_DEF_LINE')
  if ef and vim.fn.fnamemodify(jumped, ':t') ~= ef then fail('definition opened ' .. jumped .. ', expected ' .. ef) end
  if el and cur[1] - 1 ~= tonumber(el) then fail('definition landed on line ' .. (cur[1] - 1) .. ', expected ' .. el) end

  -- 5. completion after typing `[#` (edit the original buffer; the change reaches the server)
  local cl, ct = env('COMPLETE_LINE'), env('COMPLETE_TEXT')
  if cl and ct then
    api.nvim_set_current_buf(bufnr)
    api.nvim_buf_set_lines(bufnr, tonumber(cl), tonumber(cl) + 1, false, { ct })
    api.nvim_win_set_cursor(0, { tonumber(cl) + 1, #ct })
    vim.wait(400) -- let the (debounced) didChange go out
    -- the position right after the typed text (as in insert mode; normal mode clamps the cursor)
    local p = { textDocument = vim.lsp.util.make_text_document_params(bufnr),
                position = { line = tonumber(cl), character = #ct } }
    p.context = { triggerKind = 2, triggerCharacter = '#' }
    res = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', p, T) or {}
    local items = {}
    for _, r in pairs(res) do
      if r.err then fail('textDocument/completion error ' .. vim.inspect(r.err)) end
      local result = r.result or {}
      for _, it in ipairs(result.items or result) do table.insert(items, it) end
    end
    local shown = {}
    for i, it in ipairs(items) do if i <= 8 then table.insert(shown, it.label .. ' (' .. tostring(it.detail) .. ')') end end
    say(('COMPLETION %d items: %s'):format(#items, table.concat(shown, '; ')))
    local wl, wd = env('EXPECT_COMPLETION'), env('EXPECT_COMPLETION_DETAIL')
    if wl then
      local found
      for _, it in ipairs(items) do if it.label == wl then found = it end end
      if not found then
        fail('textDocument/completion at ' .. cl .. ':' .. #ct .. ' after "' .. ct .. '": no item labelled ' .. wl)
      elseif wd and not tostring(found.detail):find(wd, 1, true) then
        fail('completion item ' .. wl .. ' has detail ' .. tostring(found.detail) .. ', expected "' .. wd .. '"')
      end
    end
  end

  -- 6. settings reach the server (workspace/configuration): init.lua sets
  --    bookmarks.diagnostics.forwardReferences = 'off', so the forward references of
  --    preface.txt (reported by default) are not published
  local sf, sc = env('SETTING_FILE'), env('SETTING_ABSENT_CODE')
  if sf and sc then
    vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.fnamemodify(api.nvim_buf_get_name(bufnr), ':h') .. '/' .. sf))
    local b = api.nvim_get_current_buf()
    local uri = vim.uri_from_bufnr(b)
    if not vim.wait(T, function() return (_G.bookmarks_test_published or {})[uri] ~= nil end, 20) then
      fail('textDocument/publishDiagnostics: nothing published for ' .. sf)
    end
    vim.wait(500)
    local n = 0
    for _, d in ipairs(vim.diagnostic.get(b)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == sc then n = n + 1; say(('SETTING_DIAG %s %d:%d %s'):format(sf, d.lnum, d.col, flat(d.message))) end
    end
    say(('SETTING %s: %d diagnostics published, %d with code %s'):format(sf, _G.bookmarks_test_published[uri] or -1, n, sc))
    if n > 0 then fail('workspace/configuration: bookmarks.diagnostics.forwardReferences=off, yet ' .. sf .. ' has ' .. n .. ' ' .. sc .. ' diagnostics') end
  end
end)
if not ok then fail('lua error: ' .. tostring(err)) end
finish()
