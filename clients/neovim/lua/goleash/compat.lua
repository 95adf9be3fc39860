-- The few LSP client calls whose shape changed between Neovim 0.7 and 0.11,
-- so the rest of the module is written once.
local M = {}

local has_011 = vim.fn.has('nvim-0.11') == 1

-- Clients attached to a buffer, by name.
function M.clients(bufnr, name)
  local found = {}
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ bufnr = bufnr, name = name })
  end
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == name then
      table.insert(found, client)
    end
  end
  return found
end

-- 0.11 made client methods take self (client:request); 0.7 closures do not.
function M.request_sync(client, method, params, timeout_ms, bufnr)
  if has_011 then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

-- The asynchronous request, with the same difference.
function M.request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

function M.supports(client, capability)
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  return caps[capability]
end

-- Length of a UTF-8 byte prefix in the client's position encoding. Written
-- out because vim.str_utfindex changed its signature in 0.11.
function M.character(text, byte_col, encoding)
  local prefix = text:sub(1, byte_col)
  if encoding == 'utf-8' then
    return #prefix
  end
  local units = 0
  for i = 1, #prefix do
    local b = prefix:byte(i)
    if b < 0x80 or b >= 0xC0 then -- a leading byte starts a code point
      units = units + ((encoding == 'utf-16' and b >= 0xF0) and 2 or 1)
    end
  end
  return units
end

-- The LSP diagnostic behind a vim.diagnostic entry. 0.8+ keeps it whole in
-- user_data.lsp; 0.7 keeps only code/data, so rebuild the range from the
-- byte columns Neovim converted it to.
function M.lsp_diagnostic(d, bufnr, encoding)
  local lsp = (d.user_data and d.user_data.lsp) or {}
  if lsp.range then
    return lsp
  end
  local function pos(row, col)
    local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
    return { line = row, character = M.character(line, col, encoding) }
  end
  return {
    range = { start = pos(d.lnum, d.col), ['end'] = pos(d.end_lnum or d.lnum, d.end_col or d.col) },
    message = d.message,
    source = d.source,
    severity = d.severity,
    code = lsp.code or d.code,
    data = lsp.data,
    tags = lsp.tags,
  }
end

return M
