-- goleash's code actions without a picker: the preferred quick fix under the
-- cursor, and source.fixAll.goleash for a whole buffer. Both are synchronous
-- so they can run from a mapping or from BufWritePre before the write.
local compat = require('goleash.compat')

local M = {}

local FIX_ALL = 'source.fixAll.goleash'

local function goleash_client(bufnr)
  return compat.clients(bufnr, 'goleash')[1]
end

local function goleash_diagnostics(bufnr, encoding, lnum)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
    if d.source == 'goleash' then
      table.insert(found, { vim = d, lsp = compat.lsp_diagnostic(d, bufnr, encoding) })
    end
  end
  return found
end

local function request_actions(client, bufnr, range, diagnostics, only, timeout_ms)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = diagnostics, only = only },
  }
  local response, err = compat.request_sync(client, 'textDocument/codeAction', params, timeout_ms, bufnr)
  if not response then
    return nil, 'goleash: code action request failed: ' .. tostring(err)
  end
  if response.err then
    return nil, 'goleash: ' .. (response.err.message or vim.inspect(response.err))
  end
  return response.result or {}
end

-- Edits may be left for codeAction/resolve; fetch them before applying.
local function resolve(client, bufnr, action, timeout_ms)
  if action.edit or type(action.command) == 'string' then
    return action
  end
  local provider = compat.supports(client, 'codeActionProvider')
  if type(provider) == 'table' and provider.resolveProvider then
    local response = compat.request_sync(client, 'codeAction/resolve', action, timeout_ms, bufnr)
    if response and response.result then
      return response.result
    end
  end
  return action
end

-- What both actions start from: the buffer, the timeout, the attached goleash client
-- and its position encoding; nil and why when goleash is not attached.
local function attached(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = goleash_client(bufnr)
  if not client then
    return nil, 'goleash is not attached to this buffer'
  end
  return { bufnr = bufnr, client = client, timeout_ms = opts.timeout_ms or 3000, encoding = client.offset_encoding or 'utf-16' }
end

local function apply(client, bufnr, action, timeout_ms)
  action = resolve(client, bufnr, action, timeout_ms)
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
  end
  local command = type(action.command) == 'table' and action.command or nil
  if type(action.command) == 'string' then
    command = action -- a bare Command
  end
  if command then
    compat.request_sync(client, 'workspace/executeCommand', {
      command = command.command,
      arguments = command.arguments,
    }, timeout_ms, bufnr)
  end
  return action
end

-- Applies goleash's preferred quick fix for the diagnostic on the cursor line
-- (the one nearest the cursor). Returns the applied action, or nil and why.
function M.apply_preferred_fix(opts)
  local at, why = attached(opts)
  if not at then
    return nil, why
  end
  local bufnr, client, timeout_ms, encoding = at.bufnr, at.client, at.timeout_ms, at.encoding
  local cursor = vim.api.nvim_win_get_cursor(0)
  local row, col = cursor[1] - 1, cursor[2]
  local diagnostics = goleash_diagnostics(bufnr, encoding, row)
  if #diagnostics == 0 then
    return nil, 'no goleash diagnostic on this line'
  end
  table.sort(diagnostics, function(a, b)
    return math.abs(a.vim.col - col) < math.abs(b.vim.col - col)
  end)
  local target = diagnostics[1].lsp
  local actions, err = request_actions(client, bufnr, target.range, { target }, { 'quickfix' }, timeout_ms)
  if not actions then
    return nil, err
  end
  for _, action in ipairs(actions) do
    if action.isPreferred then
      return apply(client, bufnr, action, timeout_ms)
    end
  end
  return nil, 'goleash offers no preferred fix here'
end

-- Applies source.fixAll.goleash (the safe fixes only) to the whole buffer.
-- Returns the number of actions applied, or nil and why.
function M.fix_all(opts)
  local at, why = attached(opts)
  if not at then
    return nil, why
  end
  local bufnr, client, timeout_ms, encoding = at.bufnr, at.client, at.timeout_ms, at.encoding
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  local last_line = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, false)[1] or ''
  local range = {
    start = { line = 0, character = 0 },
    ['end'] = { line = last, character = compat.character(last_line, #last_line, encoding) },
  }
  local diagnostics = {}
  for _, d in ipairs(goleash_diagnostics(bufnr, encoding, nil)) do
    table.insert(diagnostics, d.lsp)
  end
  local actions, err = request_actions(client, bufnr, range, diagnostics, { FIX_ALL }, timeout_ms)
  if not actions then
    return nil, err
  end
  local applied = 0
  for _, action in ipairs(actions) do
    if action.kind == nil or vim.startswith(action.kind, FIX_ALL) then
      apply(client, bufnr, action, timeout_ms)
      applied = applied + 1
    end
  end
  return applied
end

return M
