"""A one-line progress bar on stderr, only where a person is watching.

Nothing is drawn when stderr is not a terminal (CI logs, pipes, editors) or when
the run is small enough to finish before a bar would help.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

MIN_FILES = 500  # below this a check takes about a second: no bar
_REDRAW_SECONDS = 0.1


class Progress:
    def __init__(
        self, total: int, stream: TextIO | None = None, enabled: bool | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty()) and total >= MIN_FILES
        self.enabled = enabled
        self._drawn_at = 0.0
        self._started = time.monotonic()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn_at >= _REDRAW_SECONDS or self.done >= self.total:
            self._drawn_at = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        width = 30
        frac = self.done / self.total if self.total else 1.0
        filled = int(width * frac)
        bar = "#" * filled + "-" * (width - filled)
        elapsed = now - self._started
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} files {elapsed:.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            # Erase the bar so what follows starts on a clean line.
            self.stream.write("\r\033[K")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
