"""The goleash language server: live diagnostics, hover and quick fixes over LSP.

One small module per concern: `documents` (bytes, tree and line index per
version), `positions` (byte offsets <-> client positions), `settings` (the
schema every client mirrors), `session` (documents, settings and one of the
engine's incremental analyzers per document), `diagnostics`, `code_actions`,
`hover`, and `server`, which wires them to pygls. No analysis happens here.
"""
