"""Command-line drivers over the analysis engine."""
