-- Optional helpers around the goleash language server:
--   require('goleash').start(bufnr)           attach on Neovim 0.7-0.10 (0.11+: vim.lsp.enable)
--   require('goleash').preferred_fix()        apply the preferred quick fix on the cursor line
--   require('goleash').fix_all()              apply every safe fix in the buffer
--   require('goleash').fix_all_on_save()      the same from BufWritePre in Go buffers
--   require('goleash').run_tests()            run the package's tests, confirm leaks at run time
local actions = require('goleash.actions')
local compat = require('goleash.compat')

local M = {}

local function notify(msg, level)
  vim.notify(msg, level or vim.log.levels.INFO)
end

-- The shipped lsp/goleash.lua, so older Neovim uses the same defaults as 0.11's vim.lsp.enable.
local function shipped_config()
  local files = vim.api.nvim_get_runtime_file('lsp/goleash.lua', false)
  if #files == 0 then
    return { cmd = { 'goleash', 'serve' }, root_markers = { 'go.work', 'go.mod', '.git' } }
  end
  return dofile(files[1])
end

-- Nearest ancestor directory of `path` holding one of `markers`, earlier markers first.
local function find_root(path, markers)
  local start = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local dir = vim.fn.finddir(marker, start .. ';')
    local file = vim.fn.findfile(marker, start .. ';')
    local hit = dir ~= '' and dir or file
    if hit ~= '' then
      return vim.fn.fnamemodify(hit, ':p'):gsub('/$', ''):match('^(.*)/[^/]*$')
    end
  end
  return start
end

-- Starts (or reuses) goleash for a buffer on Neovim versions without vim.lsp.enable.
-- `overrides` are merged over the shipped config (cmd, settings, ...).
function M.start(bufnr, overrides)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = vim.tbl_deep_extend('force', shipped_config(), overrides or {})
  config.name = 'goleash'
  config.root_dir = config.root_dir or find_root(vim.api.nvim_buf_get_name(bufnr), config.root_markers or {})
  config.root_markers, config.filetypes = nil, nil
  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  for _, client in ipairs(vim.lsp.get_active_clients()) do
    if client.name == 'goleash' and client.config.root_dir == config.root_dir then
      vim.lsp.buf_attach_client(bufnr, client.id)
      return client.id
    end
  end
  local id = vim.lsp.start_client(config)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- An action for a key mapping: its result, or a warning saying why there is none.
local function warning_on_nil(action)
  return function(opts)
    local result, why = action(opts)
    if not result then
      notify(why, vim.log.levels.WARN)
    end
    return result
  end
end

M.preferred_fix = warning_on_nil(actions.apply_preferred_fix)
M.fix_all = warning_on_nil(actions.fix_all)

-- Runs fix-all before every write of a Go buffer that goleash is attached to.
function M.fix_all_on_save(opts)
  opts = opts or {}
  local group = vim.api.nvim_create_augroup('goleash_fix_all_on_save', { clear = true })
  vim.api.nvim_create_autocmd('BufWritePre', {
    group = group,
    pattern = opts.pattern or '*.go',
    callback = function(args)
      -- Silent when goleash is not attached: saving must never be blocked.
      actions.fix_all({ bufnr = args.buf, timeout_ms = opts.timeout_ms or 1000 })
    end,
  })
end

-- Runs the tests of the buffer's package through the server (goleash.runTests); the
-- diagnostics then carry the run-time evidence. Asynchronous: `opts.on_done(err, result)`
-- is called with the server's answer. `opts.go` names the go command to use.
function M.run_tests(opts)
  opts = opts or {}
  local bufnr = (opts.bufnr == nil or opts.bufnr == 0) and vim.api.nvim_get_current_buf() or opts.bufnr
  local client = compat.clients(bufnr, 'goleash')[1]
  if not client then
    notify('goleash is not attached to this buffer', vim.log.levels.WARN)
    return nil
  end
  local arguments = { vim.uri_from_bufnr(bufnr) }
  if opts.go then
    table.insert(arguments, { go = opts.go })
  end
  local params = { command = 'goleash.runTests', arguments = arguments }
  compat.request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      notify('goleash: ' .. tostring(err.message or err), vim.log.levels.ERROR)
    elseif result and result.cancelled then
      notify('goleash: test run cancelled')
    elseif result and not result.error then -- errors are shown by the server itself
      notify(string.format('goleash: ran %d tests with %s; %d leaking goroutine stacks', result.tests, result.go, result.leaks))
      -- Neovim pulls diagnostics only after edits (it has no workspace/diagnostic/refresh):
      -- pull the package's open buffers now, through the default handler.
      if vim.lsp.handlers['textDocument/diagnostic'] and compat.supports(client, 'diagnosticProvider') then
        local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
        for _, b in ipairs(vim.api.nvim_list_bufs()) do
          local name = vim.api.nvim_buf_get_name(b)
          if vim.api.nvim_buf_is_loaded(b) and name ~= '' and vim.fn.fnamemodify(name, ':p:h') == dir then
            compat.request(client, 'textDocument/diagnostic', { textDocument = { uri = vim.uri_from_bufnr(b) } }, nil, b)
          end
        end
      end
    end
    if opts.on_done then
      opts.on_done(err, result)
    end
  end, bufnr)
  return true
end

return M
