-- goleash for Neovim 0.11+: put this directory on 'runtimepath' (or install it
-- with a plugin manager) and call vim.lsp.enable('goleash').
--
-- Override any field with vim.lsp.config('goleash', {...}), e.g. the command
-- when goleash lives in a virtualenv that is not on $PATH:
--   vim.lsp.config('goleash', { cmd = { '/path/to/venv/bin/goleash', 'serve' } })
return {
  cmd = { 'goleash', 'serve' },
  filetypes = { 'go' },
  -- go.work first so a multi-module workspace gets one server, like gopls.
  root_markers = { 'go.work', 'go.mod', '.git' },
  -- No `settings`: the server's defaults apply. Set some with
  -- vim.lsp.config('goleash', { settings = { goleash = { run = 'onSave' } } }).
  -- (An empty Lua table would reach the server as a JSON list, not an object.)
}
