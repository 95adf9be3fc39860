"""Is a fixed file still gofmt-clean? Asked of `gofmt` when it is installed.

Fix builders write gofmt-formatted code, and the proofs check it; this is the last
guard before `goleash fix` writes a file. A file that was not gofmt-clean before is
not held to it after; without `gofmt` on the PATH the check is skipped (goleash
does not need Go installed), and so is a file gofmt cannot read.
"""

from __future__ import annotations

import shutil
import subprocess

TIMEOUT_SECONDS = 20


def gofmt_clean(data: bytes) -> bool | None:
    """True when gofmt leaves `data` as it is, False when it would change it, None when
    that cannot be told (no gofmt, or gofmt rejects the text)."""
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        return None
    try:
        done = subprocess.run([gofmt], input=data, capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout == data


def keeps_gofmt_clean(before: bytes, after: bytes) -> bool:
    """False only when `before` was gofmt-clean and `after` is not."""
    if gofmt_clean(after) is not False:
        return True
    return gofmt_clean(before) is False
