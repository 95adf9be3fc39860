"""Counts along paths: how many sends, receives, Adds or Dones a path performs,
as intervals that may grow with a loop's trip count.

A count is `Lin`: a constant interval plus, for each loop symbol, an interval of
coefficients. A loop that runs to its end contributes `sigma * (one iteration)`,
where sigma is the loop's symbol (the slice it ranges over, the bound it counts
to); a loop left early by `break` or `return` contributes `kappa * (one iteration)`
plus the partial iteration, where kappa is "fewer iterations than sigma". Two loops
over the same collection share a symbol, so a loop of sends and a loop of receives
over `xs` balance exactly, while a receive loop that returns early does not.

Symbols of loops whose trip count we cannot name are unique: nothing balances
them, and their maximum is unbounded.
"""

from __future__ import annotations

from collections.abc import ItemsView
from typing import TypeAlias

INF = float("inf")

# An interval (lo, hi) of counts; either end may be infinite.
Interval: TypeAlias = tuple[float, float]
# A loop's trip count: ("const", n), ("upto", n), ("range", text), ("count", text),
# ("unique", start byte), ("drain", start byte), ("unique", ("product", symbol)).
Symbol: TypeAlias = "tuple[str, int | str | tuple[str, Symbol]]"
# A term's key: the symbol, and whether it counts fewer iterations than the symbol (kappa).
Term: TypeAlias = tuple[Symbol, bool]


def _add_iv(a: Interval, b: Interval) -> Interval:
    return (a[0] + b[0], a[1] + b[1])


def _hull(a: Interval, b: Interval) -> Interval:
    return (min(a[0], b[0]), max(a[1], b[1]))


def _mul_iv(a: Interval, b: Interval) -> Interval:
    prods: list[float] = []
    for x in a:
        for y in b:
            if (x == 0 and abs(y) == INF) or (y == 0 and abs(x) == INF):
                prods.append(0)
            else:
                prods.append(x * y)
    return (min(prods), max(prods))


ZERO_IV: Interval = (0, 0)


def _renamed_symbol(sym: Symbol, names: dict[str, str]) -> Symbol:
    if sym[0] != "range" or not isinstance(sym[1], str):
        return sym
    text = sym[1]
    head, dot, rest = text.partition(".")
    if head in names:
        return ("range", names[head] + dot + rest)
    return sym


class Lin:
    """const + sum(coef[sym] * sym), every number an interval (lo, hi)."""

    __slots__ = ("const", "terms")

    def __init__(self, const: Interval = (0, 0), terms: dict[Term, Interval] | None = None) -> None:
        self.const = const
        self.terms = terms or {}  # (symbol, partial: bool) -> (lo, hi)

    @classmethod
    def of(cls, lo: float, hi: float | None = None) -> Lin:
        return cls((lo, lo if hi is None else hi))

    @classmethod
    def symbol(cls, symbol: Symbol, coef: Interval = (1, 1)) -> Lin:
        n = symbol[1]
        if symbol[0] == "const":
            assert isinstance(n, int)
            return cls(_mul_iv((n, n), coef))
        if symbol[0] == "upto":
            assert isinstance(n, int)
            return cls(_mul_iv((0, n), coef))
        return cls((0, 0), {(symbol, False): coef})

    def times(self, n: int) -> Lin:
        """`n` times this count (`wg.Add(len(xs) * perItem)`)."""
        k = (n, n)
        return Lin(_mul_iv(self.const, k), {t: _mul_iv(v, k) for t, v in self.terms.items()})

    def renamed(self, names: dict[str, str]) -> Lin:
        """The same count with each `range` symbol over a name of `names` (`gates`,
        `req.Items` for `req`) spelled in the other name (a call's argument text)."""
        if not names or not self.terms:
            return self
        terms: dict[Term, Interval] = {}
        for (sym, partial), v in self.terms.items():
            key = (_renamed_symbol(sym, names), partial)
            terms[key] = _add_iv(terms.get(key, ZERO_IV), v)
        return Lin(self.const, terms)

    def is_zero(self) -> bool:
        return self.const == (0, 0) and all(v == (0, 0) for v in self.terms.values())

    def __add__(self, other: Lin) -> Lin:
        if other.is_zero():
            return self
        if self.is_zero():
            return other
        terms = dict(self.terms)
        for k, v in other.terms.items():
            terms[k] = _add_iv(terms.get(k, ZERO_IV), v)
        return Lin(_add_iv(self.const, other.const), terms)

    def __neg__(self) -> Lin:
        return Lin(
            (-self.const[1], -self.const[0]), {k: (-v[1], -v[0]) for k, v in self.terms.items()}
        )

    def __sub__(self, other: Lin) -> Lin:
        return self + (-other)

    def join(self, other: Lin) -> Lin:
        terms: dict[Term, Interval] = {}
        for k in set(self.terms) | set(other.terms):
            terms[k] = _hull(self.terms.get(k, ZERO_IV), other.terms.get(k, ZERO_IV))
        return Lin(_hull(self.const, other.const), terms)

    def scaled(self, symbol: Symbol, partial: bool) -> Lin:
        """`symbol` (or, with `partial`, fewer than `symbol`) iterations of `self`."""
        if symbol[0] in ("const", "upto"):
            # An exact trip count, or at most one (`i < K && more`).
            n = symbol[1]
            assert isinstance(n, int)
            times = (0, max(0, n - 1)) if partial else ((n, n) if symbol[0] == "const" else (0, n))
            return Lin(
                _mul_iv(self.const, times), {k: _mul_iv(v, times) for k, v in self.terms.items()}
            )
        # Products of two loops' symbols are not tracked: they become one loop of no
        # count we can name (unbounded, and never matched against another).
        out = Lin()
        lo = -1 if any(v[0] < 0 for v in self.terms.values()) else 0
        hi = 1 if any(v[1] > 0 for v in self.terms.values()) else 0
        if (lo, hi) != (0, 0):
            out = Lin((0, 0), {(("unique", ("product", symbol)), partial): (lo, hi)})
        if self.const != (0, 0):
            out = out + Lin((0, 0), {(symbol, partial): self.const})
        return out

    def max(self) -> float:
        total = self.const[1]
        for _sym, (a, b) in self._by_symbol():
            if b is None:
                total += INF if a[1] > 0 else 0
            else:
                A, B = a[1], b[1]
                total += INF if (A > 0 or A + B > 0) else A
        return total

    def min(self) -> float:
        total = self.const[0]
        for _sym, (a, b) in self._by_symbol():
            if b is None:
                total += -INF if a[0] < 0 else 0
            else:
                A, B = a[0], b[0]
                total += -INF if (A < 0 or A + B < 0) else A
        return total

    def min_once_each(self) -> float:
        """The minimum when every loop over a collection runs at least once (ZERO_TURNS):
        a count that goes below zero only when such a loop runs no turn at all."""
        total = self.const[0]
        for sym, (a, b) in self._by_symbol():
            if b is None and sym[0] == "range" and a[0] >= 0:
                total += a[0]
            elif b is None:
                total += -INF if a[0] < 0 else 0
            else:
                total += -INF if (a[0] < 0 or a[0] + b[0] < 0) else a[0]
        return total

    def _by_symbol(self) -> ItemsView[Symbol, tuple[Interval, Interval | None]]:
        """(symbol, (coef of sigma, coef of kappa or None)); kappa implies sigma >= kappa + 1."""
        grouped: dict[Symbol, tuple[Interval, Interval | None]] = {}
        for (sym, partial), v in self.terms.items():
            if v == ZERO_IV:
                continue
            a, b = grouped.get(sym, (ZERO_IV, None))
            if partial:
                b = _add_iv(b or ZERO_IV, v)
            else:
                a = _add_iv(a, v)
            grouped[sym] = (a, b)
        return grouped.items()

    def _uncountable(self, sign: int) -> bool:
        """A loop that runs until something happens (no count we can name) and contributes
        with this sign when it runs to its end: it may do any number of them."""
        for sym, (a, b) in self._by_symbol():
            if sym[0] not in ("unique", "drain"):
                continue
            # A sending loop that runs until something happens sends any number, however it
            # ends: whatever the other side needed. A receiving one run to its end may take
            # every value; left early (kappa), it gave up: that is the leak, not a doubt.
            sends_any = a[1] > 0 or (b is not None and b[1] > 0)
            if sign < 0 and (a[0] < 0 or (b is not None and b[1] > 0)):
                return True
            if sign > 0 and (sends_any or (b is not None and b[0] < 0)):
                return True
        return False

    def max_sure(self) -> float:
        """The maximum, when nothing unbounded pulls the other way (else -inf: cannot tell).
        Nested loops' products are not tracked and show as an unbounded constant."""
        if self.const[0] == -INF or self._uncountable(-1) or self.mixed():
            return -INF
        return self.max()

    def min_sure(self) -> float:
        """The minimum, when nothing unbounded pulls the other way (else +inf: cannot tell)."""
        if self.const[1] == INF or self._uncountable(+1) or self.mixed():
            return INF
        return self.min()

    def mixed(self) -> bool:
        """Do loops of different trip counts pull in opposite directions (sends counted by
        one loop, receives by another)? Then no sign can be told: their counts may be
        related in ways the code does not spell (P/2 goroutines each starting two)."""
        ups: set[Symbol] = set()
        downs: set[Symbol] = set()
        for sym, (a, b) in self._by_symbol():
            if sym[0] in ("unique", "drain"):
                # A loop that runs until something happens (a close, a timeout) and is left
                # early has simply stopped: its iterations are no count to compare.
                b = None
            if a[1] > 0 or (b is not None and b[1] > 0):
                ups.add(sym)
            if a[0] < 0 or (b is not None and b[0] < 0):
                downs.add(sym)
        return any(u != d for u in ups for d in downs)

    def symbols(self) -> set[Symbol]:
        return {sym for (sym, _), v in self.terms.items() if v != ZERO_IV}

    def __repr__(self) -> str:
        parts = [f"[{self.const[0]},{self.const[1]}]"]
        for (sym, partial), v in sorted(self.terms.items(), key=str):
            parts.append(f"[{v[0]},{v[1]}]*{'k' if partial else 's'}{sym[1]!s:.12}")
        return " + ".join(parts)
