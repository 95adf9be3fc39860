"""The project around a Go file: its goleash.toml, which files are selected, and
which files of its package are built together (build constraints).

Shared by the command line and the language server so both read a project the
same way.
"""
