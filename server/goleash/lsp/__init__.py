"""The goleash language server: live diagnostics, hover and quick fixes over LSP.

One small module per concern: `documents` (bytes, tree and line index per
version), `positions` (byte offsets <-> client positions), `settings` (the
schema every client mirrors), `incremental` (re-analysing only what an edit
touched), `diagnostics`, `code_actions`, `hover`, and `server`, which wires
them to pygls.
"""
