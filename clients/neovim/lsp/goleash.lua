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
  -- Answered to the server's workspace/configuration request for section
  -- "goleash"; an empty table means the server's defaults (see README.md).
  settings = { goleash = {} },
}
