"""The common prefix and suffix of two versions, against the obvious byte-by-byte answer,
across the block size the search walks by."""

import random

import pytest

from goleash.bytediff import common_prefix, common_suffix


def _prefix(a: bytes, b: bytes) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


@pytest.mark.parametrize("size", [0, 1, 7, 8191, 8192, 8193, 20000])
def test_prefix_and_suffix_match_a_byte_by_byte_count(size: int) -> None:
    rng = random.Random(size)
    base = bytes(rng.randrange(256) for _ in range(size))
    for _ in range(20):
        at = rng.randrange(size + 1)
        edited = base[:at] + bytes([rng.randrange(256)]) * rng.randrange(3) + base[at + 1 :]
        assert common_prefix(base, edited) == _prefix(base, edited)
        limit = min(len(base), len(edited)) - common_prefix(base, edited)
        expected = min(_prefix(base[::-1], edited[::-1]), limit)
        assert common_suffix(base, edited, limit) == expected
        assert common_suffix(base, edited, 0) == 0
