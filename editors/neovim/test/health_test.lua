-- SPDX-License-Identifier: MIT
-- :checkhealth bookmarks_ls and :help bookmarks_ls, as a user runs them.
--   BARE_SETUP=1 nvim --headless -n -i NONE -u test/init.lua chapter2.txt -c 'luafile test/health_test.lua'
-- Env: LSP_TIMEOUT_MS (default 15000). Exits 0 on success, 1 on failure.
local api = vim.api
local failures = 0
local T = tonumber(os.getenv('LSP_TIMEOUT_MS') or '') or 15000
local function say(s) io.stdout:write(s, '\n'); io.stdout:flush() end
local function check(ok, what)
  if not ok then failures = failures + 1 end
  say((ok and 'ok ' or 'FAIL ') .. what)
end
local function flat(s) return (tostring(s):gsub('%s*\n%s*', ' | ')) end
local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end

local ok, err = pcall(function()
  local src = api.nvim_get_current_buf()
  local name = vim.fn.fnamemodify(api.nvim_buf_get_name(src), ':t')
  vim.wait(T, function()
    for _, c in ipairs(all_clients()) do if c.initialized then return true end end
  end, 20)

  -- 1. :checkhealth bookmarks_ls opens a report: the binary OK with its version, the
  --    detection OK, the open chapter OK with the server attached, and no ERROR or WARNING
  vim.cmd('checkhealth bookmarks_ls')
  local report = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  say('HEALTH ' .. flat(report))
  local exe = vim.fn.exepath((require('bookmarks_ls').options or {}).cmd[1])
  check(report:find('OK:? ' .. vim.pesc(exe) .. ': bookmarks%-ls %S+') ~= nil, 'checkhealth: OK for the binary ' .. exe .. ' and its version')
  check(report:find('OK:? guide files get `zguide`') ~= nil, 'checkhealth: OK for the filetype detection')
  check(report:find('OK:? ' .. vim.pesc(name) .. ': `zguide`, server attached') ~= nil, 'checkhealth: OK for ' .. name .. ' with the server attached')
  check(not report:find('ERROR') and not report:find('WARNING'), 'checkhealth: no ERROR, no WARNING')
  check(not report:find('No healthcheck found', 1, true), 'checkhealth: the healthcheck is found')

  -- 2. :help bookmarks_ls, after :helptags on the doc folder (as plugin managers do; in a
  --    copy, so the test writes no tags file into the plugin)
  local plugin = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
  local rtp = vim.fn.tempname()
  vim.fn.mkdir(rtp .. '/doc', 'p')
  vim.fn.writefile(vim.fn.readfile(plugin .. '/doc/bookmarks_ls.txt'), rtp .. '/doc/bookmarks_ls.txt')
  vim.opt.rtp:prepend(rtp)
  vim.cmd('helptags ' .. vim.fn.fnameescape(rtp .. '/doc')) -- fails on a duplicate tag
  local tags = vim.fn.readfile(rtp .. '/doc/tags')
  check(#tags > 0, ':helptags wrote ' .. #tags .. ' tags')
  for _, topic in ipairs({ 'bookmarks_ls', 'bookmarks_ls-setup', 'bookmarks_ls-settings', 'bookmarks_ls-mappings', 'bookmarks_ls-commands', 'bookmarks_ls-completion', 'bookmarks_ls-codelens', 'bookmarks_ls-health' }) do
    local okh, e = pcall(vim.cmd, 'help ' .. topic)
    local line = okh and api.nvim_get_current_line() or ''
    check(okh and vim.fn.fnamemodify(api.nvim_buf_get_name(0), ':t') == 'bookmarks_ls.txt' and line:find('*' .. topic .. '*', 1, true) ~= nil,
      (':help %s opens bookmarks_ls.txt at its tag: %q%s'):format(topic, line, okh and '' or (' ' .. tostring(e))))
  end
  -- every |bookmarks_ls...| link of the doc has its tag
  local known = {}
  for _, t in ipairs(tags) do known[t:match('^[^\t]+')] = true end
  local text = table.concat(vim.fn.readfile(plugin .. '/doc/bookmarks_ls.txt'), '\n')
  for link in text:gmatch('|(bookmarks_ls[^|]*)|') do
    check(known[link], 'doc link |' .. link .. '| has a tag')
  end
end)
if not ok then check(false, 'lua error: ' .. tostring(err)) end
say(failures == 0 and 'RESULT PASS' or ('RESULT FAIL (' .. failures .. ')'))
for _, c in ipairs(all_clients()) do vim.lsp.stop_client(c.id) end
vim.wait(1000, function() return #all_clients() == 0 end, 50)
vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
