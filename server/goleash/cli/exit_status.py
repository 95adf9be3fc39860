"""The exit statuses every sub-command shares: nothing found, findings, something not checked."""

from __future__ import annotations

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
