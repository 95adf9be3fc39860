-- Headless Neovim as goleash's LSP client, driven by tests/neovim/test_neovim.py.
-- Runs on 0.7 (`-c "luafile drive.lua"`) and 0.11. Inputs come from $GOLEASH_*;
-- the outcome is written as JSON to $GOLEASH_RESULT. Every path ends in qall!
-- or cquit!: on 0.7 an uncaught Lua error under -c luafile leaves nvim hanging.
local env = vim.env
local result = { steps = {} }

local function save_result()
  vim.fn.writefile({ vim.fn.json_encode(result) }, env.GOLEASH_RESULT)
end

local function step(name)
  table.insert(result.steps, name)
end

local function goleash_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'goleash' then
      table.insert(out, d)
    end
  end
  return out
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

-- The raw diagnostics, before Neovim converts columns to bytes, so the test can
-- check the column in the negotiated encoding. They arrive pushed
-- (publishDiagnostics) or, on 0.10+ with a server that offers it, pulled.
local raw_diagnostics = {}
local function record(method, pick)
  local original = vim.lsp.handlers[method]
  if not original then
    return
  end
  vim.lsp.handlers[method] = function(err, res, ctx, config)
    local items = res and pick(res)
    if items and #items > 0 then
      raw_diagnostics = items
      result.diagnostic_transport = method
    end
    return original(err, res, ctx, config)
  end
end
record('textDocument/publishDiagnostics', function(params) return params.diagnostics end)
record('textDocument/diagnostic', function(report) return report.items end)

local function attach(cmd)
  vim.cmd('filetype on')
  if env.GOLEASH_ATTACH == 'lazy' then
    -- What lazy.nvim does with the spec from clients/neovim/README.md: the repository is checked
    -- out at plugin.dir and put on the runtimepath, then config(plugin, opts) runs.
    local spec = dofile(env.GOLEASH_LAZY_SPEC)
    result.lazy_repo = spec[1]
    vim.opt.runtimepath:append(env.GOLEASH_REPO)
    spec.config({ name = 'goleash', dir = env.GOLEASH_REPO }, spec.opts or {})
    vim.lsp.config('goleash', { cmd = cmd })
    return
  end
  vim.opt.runtimepath:prepend(env.GOLEASH_RTP)
  if env.GOLEASH_ATTACH == 'enable' then
    -- The 0.11 way, exactly as documented: the shipped lsp/goleash.lua plus a cmd override.
    vim.lsp.config('goleash', { cmd = cmd })
    vim.lsp.enable('goleash')
  else
    -- The documented older-Neovim way: a FileType autocommand.
    vim.api.nvim_create_autocmd('FileType', {
      pattern = 'go',
      callback = function(args)
        require('goleash').start(args.buf, { cmd = cmd })
      end,
    })
  end
end

local function client_of(bufnr)
  return require('goleash.compat').clients(bufnr, 'goleash')[1]
end

local function list_actions(client, bufnr, lsp_diag)
  local response = require('goleash.compat').request_sync(client, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  }, 5000, bufnr)
  local out = {}
  for _, a in ipairs((response and response.result) or {}) do
    table.insert(out, { title = a.title, kind = a.kind, isPreferred = a.isPreferred or false })
  end
  return out
end

local function apply_preferred(bufnr)
  if env.GOLEASH_APPLY == 'native' then
    -- What a 0.11 user maps to a key; asynchronous, so the caller waits for the edit.
    vim.lsp.buf.code_action({
      apply = true,
      context = { only = { 'quickfix' } },
      filter = function(action)
        return action.isPreferred
      end,
    })
  else
    local action, why = require('goleash.actions').apply_preferred_fix({ bufnr = bufnr })
    if not action then
      error('apply_preferred_fix: ' .. tostring(why))
    end
    result.applied_title = action.title
  end
end

local function run()
  local cmd = vim.fn.json_decode(env.GOLEASH_CMD)
  local v = vim.version()
  result.nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  attach(cmd)
  if env.GOLEASH_SCENARIO == 'fix_all_on_save' then
    require('goleash').fix_all_on_save()
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(env.GOLEASH_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  step('opened')

  if not vim.wait(20000, function() return #goleash_diagnostics(bufnr) > 0 end, 50) then
    error('no goleash diagnostic within 20 s')
  end
  step('diagnosed')
  local client = client_of(bufnr)
  result.offset_encoding = client.offset_encoding
  result.root_dir = client.config.root_dir
  result.raw = raw_diagnostics
  local d = goleash_diagnostics(bufnr)[1]
  result.vim_diagnostic = { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, code = d.code }
  local lsp_diag = require('goleash.compat').lsp_diagnostic(d, bufnr, client.offset_encoding)
  result.actions = list_actions(client, bufnr, lsp_diag)
  local before = buffer_text(bufnr)

  if env.GOLEASH_SCENARIO == 'run_tests' then
    local answered = false
    require('goleash').run_tests({ bufnr = bufnr, on_done = function(err, res)
      result.run = err and { error = tostring(err.message or err) } or res
      answered = true
    end })
    if not vim.wait(90000, function() return answered end, 50) then
      error('goleash.runTests did not answer within 90 s')
    end
    step('ran tests')
    vim.wait(10000, function()
      for _, d in ipairs(vim.diagnostic.get(bufnr)) do
        if d.message:find('confirmed at run time', 1, true) then
          return true
        end
      end
      return false
    end, 50)
    result.after_run = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(result.after_run, { code = d.code, source = d.source, lnum = d.lnum, message = d.message })
    end
    return
  end

  if env.GOLEASH_SCENARIO ~= 'fix_all_on_save' then
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    apply_preferred(bufnr)
    if not vim.wait(10000, function() return buffer_text(bufnr) ~= before end, 50) then
      error('the preferred fix did not change the buffer')
    end
    step('fixed')
  end

  vim.cmd('silent write')
  step('written')
  result.cleared = vim.wait(10000, function() return #goleash_diagnostics(bufnr) == 0 end, 50)
  result.remaining = {}
  for _, left in ipairs(goleash_diagnostics(bufnr)) do
    table.insert(result.remaining, left.message)
  end
  result.buffer = buffer_text(bufnr)
end

local ok, err = xpcall(run, debug.traceback)
result.ok = ok
result.error = not ok and tostring(err) or nil
save_result()
vim.cmd(ok and 'qall!' or 'cquit! 1')
