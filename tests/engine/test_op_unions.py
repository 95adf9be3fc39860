"""UNION_BY_SET: the set-backed union of operation tuples gives what the plain one
gives, also when a tuple whose set was handed on is joined again."""

from __future__ import annotations

import random

from goleash.analysis.liveness import _OpUnions, _union


class _Op:
    """Stands for an (event, function) pair: hashed and compared by identity."""


def test_set_backed_unions_equal_plain_unions_over_random_joins() -> None:
    rng = random.Random(7)
    pool = [(_Op(), _Op()) for _ in range(400)]
    unions = _OpUnions()
    tuples: list[tuple] = [tuple(rng.sample(pool, rng.randint(0, 120))) for _ in range(6)]
    for _ in range(600):
        a = rng.choice(tuples)
        b = tuple(rng.choice(pool) for _ in range(rng.randint(0, 5)))
        got = unions(a, b)
        assert got == _union(a, b)
        tuples.append(got)  # older tuples stay in play: their sets may have moved on
        if len(tuples) > 40:
            tuples.pop(rng.randrange(len(tuples)))


def test_a_chain_of_joins_keeps_one_set_per_long_tuple() -> None:
    unions = _OpUnions()
    ops: tuple = tuple((_Op(), _Op()) for _ in range(_OpUnions.LONG))
    for _ in range(1000):
        ops = unions(ops, ((_Op(), _Op()),))
    assert len(ops) == _OpUnions.LONG + 1000
    assert len(unions._sets) == 1  # handed on along the chain, not rebuilt per join
