"""Where two versions of a text start and stop differing: the longest common prefix and
suffix of two byte strings, for the editor's re-check (what an edit touched) and the fix
aligner (the one edit a realignment makes)."""

from __future__ import annotations

# Bytes compared at a time when looking for where two versions start to differ: a slice
# of each is copied, so whole-file halves (a binary search over 170 KB) cost more than
# walking blocks up to the edit, then halving the one block that differs. Each
# comparison is one C-level compare rather than a byte at a time in Python.
_BLOCK = 8192


def common_prefix(old: bytes, new: bytes) -> int:
    """The length of the longest common prefix of `old` and `new`."""
    limit = min(len(old), len(new))
    lo = 0
    while lo + _BLOCK <= limit and old[lo : lo + _BLOCK] == new[lo : lo + _BLOCK]:
        lo += _BLOCK
    hi = min(lo + _BLOCK, limit)
    while lo < hi:  # within the block that differs: by halves
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(old: bytes, new: bytes, limit: int) -> int:
    """The length of the longest common suffix of `old` and `new`, at most `limit`."""
    lo = 0
    n, m = len(old), len(new)
    while lo + _BLOCK <= limit and old[n - lo - _BLOCK : n - lo] == new[m - lo - _BLOCK : m - lo]:
        lo += _BLOCK
    hi = min(lo + _BLOCK, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[n - mid : n - lo] == new[m - mid : m - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo
