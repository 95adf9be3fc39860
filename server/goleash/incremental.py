"""Re-analysing only what an edit touched, with results identical to a full analysis.

The engine's incremental API: the language server keeps one `IncrementalAnalyzer` per
open document and calls `analyze` on each version; the rules run through the engine's
`check_ranges`, and the merge and suppressions through its `finish`.

A Go file is a sequence of top-level units (the children of `source_file`):
function and method declarations, `var`/`const`/`type`/`import` blocks,
comments. The analysis of a function's constructs depends on the rest of the file
only through names (`go worker(ch)` resolves `worker`; `s.loop` resolves `loop`),
so after an edit:

- units whose bytes did not change keep the findings they produced before, with
  byte offsets and points re-based to where the unit moved;
- changed units are re-analysed (each together with the functions it names, as
  a finding may pair a `go` statement here with a `select` there), and so is
  every unit that mentions a name a changed (or removed) unit declares, and every
  unit whose earlier findings point into a changed unit;
- a change to a type, or to a package-level `var` or `const`, re-analyses every
  unit that mentions a name it declares or uses (its type, fields, methods,
  variables), following type and value declarations that mention those in turn;
- a change to the package clause or an import re-runs the whole file; half-typed
  code that tree-sitter recovers as a top-level ERROR node is re-analysed like a
  function (it may hold several, whose names it then declares);
- a finding whose wording names a line ("returns at line 38") is worded again
  when its unit, a function it names or a unit it points into moved up or down.

Findings are kept *before* suppressions are applied; the suppression pass (and
the report of unused suppressions) runs over the merged result every time,
because a `//goleash:ignore` comment covers a line, not a declaration.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace

from goleash import engine, parsing
from goleash.config import Settings
from goleash.model import FileReport, Finding, Location, Point, Related, Span, TextEdit
from goleash.source import SourceFile

log = logging.getLogger(__name__)

FUNCTION_UNITS = frozenset({"function_declaration", "method_declaration"})
# Package-level declarations whose constructs (a `make(chan ...)` in a `var`)
# may take part in a function's findings: analysed together with every unit.
SHARED_UNITS = frozenset({"var_declaration"})
# A change to one of these re-runs the whole file: every name may resolve differently.
WHOLE_FILE_UNITS = frozenset({"package_clause", "import_declaration"})
# Types and package-level values: a change to one re-analyses the units that mention
# what it names (not only what it declares: `type A = B` changes with `B`).
DECLARATION_UNITS = frozenset({"var_declaration", "const_declaration", "type_declaration"})
# What a top level normally holds. Anything else is a token that half-typed code left
# loose at the top (`func` and its name apart, a statement outside any function): the
# whole file then means something else, and is analysed again.
KNOWN_UNITS = FUNCTION_UNITS | WHOLE_FILE_UNITS | DECLARATION_UNITS | {"comment", "ERROR"}
# Names every file sees: a `struct { n int }` changed says nothing about all users of `int`.
PREDECLARED = frozenset(
    "any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 "
    "rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap clear close "
    "complex copy delete imag len make max min new panic print println real recover _".split()
)
# Declared names inside other units (an ERROR node of half-typed code may hold
# several functions): over-approximated from the text.
_FUNC_NAME = re.compile(rb"\bfunc\s*(?:\([^)]*\)\s*)?([A-Za-z_][A-Za-z0-9_]*)")
# Units that hold no construct a rule looks at.
INERT_UNITS = frozenset({"comment", "package_clause", "import_declaration"})
_IDENTIFIERS = "[(identifier) (field_identifier) (type_identifier)] @id"


@dataclass
class Unit:
    kind: str
    text: bytes
    start_byte: int
    end_byte: int
    start_row: int
    start_column: int
    names: frozenset = frozenset()  # what it declares (for a function: its name)
    name_start: int = -1  # byte offset of the declared name, not a mention of itself
    mentions: frozenset | None = None  # every identifier in it, computed on demand
    # For a type, var or const declaration: the names a change to it may change the
    # meaning of (see DECLARATION_UNITS); computed while its tree is current.
    declares: frozenset | None = None
    findings: list[Finding] = field(default_factory=list)  # raw: before suppressions
    notes: list[str] = field(default_factory=list)


def _units(file: SourceFile) -> list[Unit]:
    out = []
    data = file.data
    for node in file.root.children:
        start, end = node.start_byte, node.end_byte
        row, col = node.start_point
        unit = Unit(node.type, data[start:end], start, end, row, col)
        if node.type in FUNCTION_UNITS:
            name = node.child_by_field_name("name")
            if name is not None:
                unit.names = frozenset({name.text.decode("utf-8", "replace")})
                unit.name_start = name.start_byte
        elif node.type not in WHOLE_FILE_UNITS and node.type not in DECLARATION_UNITS and node.type != "comment":
            unit.names = frozenset(m.decode("utf-8", "replace") for m in _FUNC_NAME.findall(unit.text))
        out.append(unit)
    return out


def _mentions(file: SourceFile, unit: Unit) -> frozenset:
    if unit.mentions is None:
        caps = parsing.captures(_IDENTIFIERS, file.root, (unit.start_byte, unit.end_byte))
        # Its own name is left out: five `String()` methods do not depend on each other.
        unit.mentions = frozenset(n.text.decode("utf-8", "replace") for n in caps.get("id", []) if n.start_byte != unit.name_start)
    return unit.mentions


def _declares(file: SourceFile, unit: Unit) -> frozenset:
    if unit.declares is None:
        unit.declares = _mentions(file, unit) - PREDECLARED
    return unit.declares


def _unmoved(old: Unit, new: Unit) -> bool:
    return old.start_byte == new.start_byte and old.start_row == new.start_row and old.start_column == new.start_column


class _Rebase:
    """Maps byte offsets of the previous version into the current one, unit by unit."""

    def __init__(self, old: list[Unit], moved: dict[int, Unit]) -> None:
        self.old = old
        self.starts = [u.start_byte for u in old]
        self.moved = moved  # index in `old` -> the same unit in the new version

    def _unit(self, byte: int) -> tuple[Unit, Unit]:
        """(old unit, new unit) around `byte`; KeyError when that unit changed."""
        i = bisect.bisect_right(self.starts, byte) - 1
        if i < 0 or byte > self.old[i].end_byte or i not in self.moved:
            raise KeyError(byte)
        return self.old[i], self.moved[i]

    def byte(self, byte: int) -> int:
        old, new = self._unit(byte)
        return byte + new.start_byte - old.start_byte

    def point(self, point: Point, byte: int) -> Point:
        old, new = self._unit(byte)
        col = point.column + (new.start_column - old.start_column if point.row == old.start_row else 0)
        return Point(point.row + new.start_row - old.start_row, col)

    def span(self, span: Span) -> Span:
        (old_s, new_s), (old_e, new_e) = self._unit(span.start_byte), self._unit(span.end_byte)
        if _unmoved(old_s, new_s) and _unmoved(old_e, new_e):
            return span  # the edit is further down: same object, no allocation
        return Span(
            self.byte(span.start_byte),
            self.byte(span.end_byte),
            self.point(span.start, span.start_byte),
            self.point(span.end, span.end_byte),
        )


class IncrementalAnalyzer:
    """One document's analysis, kept between versions."""

    def __init__(self) -> None:
        self._units: list[Unit] | None = None
        self.last_run_was_full = True
        self.reanalysed_units = 0
        # Names declared by the units the last run found changed or removed;
        # None after a whole-file run (anything may have changed).
        self.touched_names: frozenset | None = None
        # What the last run saw: the fixes of a finding are built against it.
        self._data: bytes | None = None
        self._settings: Settings | None = None
        self._shared_findings: list[Finding] = []

    def reset(self) -> None:
        """Forget earlier results (settings or sibling files changed)."""
        self._units = None
        self._data = None

    def analyze(self, file: SourceFile, siblings=(), settings: Settings = engine.DEFAULT) -> FileReport:
        if file.is_generated and not settings.include_generated:
            self._units = None
            self._data = None
            return engine.analyze(file, siblings, settings)
        units = _units(file)
        self.touched_names = None
        plan = self._plan(file, units)
        if plan is None:
            self.last_run_was_full = True
            # Everything but the package-level `var`s (analysed with each unit),
            # including ERROR nodes: half-typed code still holds constructs.
            dirty = [u for u in units if u.kind not in INERT_UNITS and u.kind not in SHARED_UNITS]
        else:
            self.last_run_was_full = False
            dirty = plan
        self.reanalysed_units = len(dirty)
        shared = [(u.start_byte, u.end_byte) for u in units if u.kind in SHARED_UNITS]
        declared: dict[str, list[Unit]] = defaultdict(list)
        for u in units:
            for name in u.names:
                declared[name].append(u)
        for unit in dirty:
            if not engine.could_leak(unit.text):
                # No channel, goroutine, context or ticker in it: nothing can start
                # here (a brace typed mid-file re-checks hundreds of such units).
                unit.findings, unit.notes = [], []
                continue
            # A finding may pair a construct here with one in a function this
            # unit names (`go s.loop()` here, the empty `select` in `loop`), so
            # those are in range too; duplicates merge like in a full run.
            callees = {id(c): c for n in _mentions(file, unit) for c in declared.get(n, ()) if c is not unit}
            ranges = [(unit.start_byte, unit.end_byte)]
            ranges += sorted((c.start_byte, c.end_byte) for c in callees.values())
            # Fixes are built when the lightbulb asks, not on every keystroke.
            unit.findings, unit.notes = engine.check_ranges(file, siblings, settings, ranges)
        report = FileReport(file.path)
        raw: list[Finding] = []
        self._shared_findings = []
        if shared:
            found, notes = engine.check_ranges(file, siblings, settings, shared)
            raw.extend(found)
            self._shared_findings = found
            report.notes.extend(notes)
        for unit in units:
            raw.extend(unit.findings)
            report.notes.extend(n for n in unit.notes if n not in report.notes)
        report.findings = engine.finish(file, raw, settings)
        for u in units:  # while this tree is current: a later edit may remove them
            if u.kind in DECLARATION_UNITS:
                _declares(file, u)
        self._units = units
        self._data, self._settings = file.data, settings
        return report

    def with_fixes(self, file: SourceFile, siblings=(), settings: Settings = engine.DEFAULT,
                   ranges: list[tuple[int, int]] | None = None) -> FileReport:
        """What a full analysis with fixes reports, the fixes built only for the findings of
        the top-level declarations in `ranges` (every finding when None).

        The other declarations' findings come from the last `analyze` of this very text,
        so the merge and the suppressions (and the removal of an unused one, GL100) see
        the whole file, exactly as `goleash fix` does, while the rules only run over the
        declarations asked about."""
        units = self._units
        if ranges is None or units is None or self._data is not file.data or self._settings is not settings:
            return engine.analyze(file, siblings, settings, with_fixes=True)
        declared: dict[str, list[Unit]] = defaultdict(list)
        for u in units:
            for name in u.names:
                declared[name].append(u)
        wanted = [u for u in units if any(u.start_byte < end and start < u.end_byte for start, end in ranges)]
        spans = {(u.start_byte, u.end_byte) for u in wanted}
        for unit in wanted:  # with the functions they name, as `analyze` checks them
            if unit.kind in INERT_UNITS:
                continue
            spans.update((c.start_byte, c.end_byte) for n in _mentions(file, unit) for c in declared.get(n, ()))
        fresh, notes = engine.check_ranges(file, siblings, settings, sorted(spans), with_fixes=True) if spans else ([], [])
        raw = list(fresh)  # first: the merge keeps the first of equal findings, fixes and all
        raw.extend(self._shared_findings)
        for u in units:
            raw.extend(u.findings)
        report = FileReport(file.path)
        report.notes.extend(notes)
        report.findings = engine.finish(file, raw, settings, with_fixes=True)
        return report

    def _plan(self, file: SourceFile, units: list[Unit]) -> list[Unit] | None:
        """The units to re-analyse (carrying over the others' findings), or None
        when the whole file must be."""
        old = self._units
        if old is None:
            return None
        by_text: dict[bytes, deque[int]] = defaultdict(deque)
        for i, u in enumerate(old):
            by_text[u.text].append(i)
        moved: dict[int, Unit] = {}
        changed: list[Unit] = []
        for unit in units:
            candidates = by_text.get(unit.text)
            if candidates:
                i = candidates.popleft()
                moved[i] = unit
                previous = old[i]
                unit.names, unit.mentions, unit.declares = previous.names, previous.mentions, previous.declares
            else:
                changed.append(unit)
        removed = [u for i, u in enumerate(old) if i not in moved]
        for u in changed + removed:
            if u.kind in WHOLE_FILE_UNITS or u.kind not in KNOWN_UNITS:
                return None
        touched = set()
        for u in changed:
            touched |= u.names | (_declares(file, u) if u.kind in DECLARATION_UNITS else frozenset())
        for u in removed:
            touched |= u.names | (u.declares or frozenset())
        # A type or value declaration that mentions a touched name may mean something
        # else now (`type A = B` when `B` changed): what it names is touched in turn.
        declarations = [u for u in moved.values() if u.kind in DECLARATION_UNITS]
        grew = bool(touched)
        while grew:
            grew = False
            for u in declarations:
                names = _declares(file, u)
                if not names <= touched and _mentions(file, u) & touched:
                    touched |= names
                    grew = True
        touched_names = frozenset(touched)
        self.touched_names = touched_names
        rebase = _Rebase(old, moved)
        shifted_rows = {i for i, u in moved.items() if u.start_row != old[i].start_row}
        declared: dict[str, list[int]] = defaultdict(list)
        if shifted_rows:
            for i, u in enumerate(old):
                for name in u.names:
                    declared[name].append(i)
        dirty = [u for u in changed if u.kind not in INERT_UNITS and u.kind not in SHARED_UNITS]
        for i, unit in moved.items():
            previous = old[i]
            if unit.kind in SHARED_UNITS:
                continue  # analysed with every run
            if unit.kind not in INERT_UNITS and touched_names and (_mentions(file, unit) & touched_names):
                dirty.append(unit)
                continue
            if shifted_rows and _cites_shifted_line(file, i, unit, previous, old, rebase, shifted_rows, declared):
                # "the return at line 38" cannot be re-based by offsets alone.
                dirty.append(unit)
                continue
            try:
                unit.findings = [_rebase_finding(f, file.path, rebase) for f in previous.findings]
                unit.notes = previous.notes
            except KeyError:  # a finding pointed into a changed unit
                dirty.append(unit)
        return dirty


def _cites_shifted_line(file: SourceFile, i: int, unit: Unit, previous: Unit, old: list[Unit], rebase: "_Rebase",
                        shifted_rows: set[int], declared: dict[str, list[int]]) -> bool:
    """May a finding of this unit name a line that is now another line? Its lines are
    in the unit itself, in the functions it names (analysed with it), or where the
    finding points."""
    citing = [f for f in previous.findings if f.cites_lines]
    if not citing:
        return False
    if i in shifted_rows:
        return True
    if any(j in shifted_rows for n in _mentions(file, unit) for j in declared.get(n, ())):
        return True
    for f in citing:
        for loc in (f.location, *(r.location for r in f.related)):
            if loc.path != file.path:
                continue
            j = bisect.bisect_right(rebase.starts, loc.span.start_byte) - 1
            if j < 0 or j in shifted_rows or j not in rebase.moved:
                return True
    return False


def _rebase_location(loc: Location, path: str, rebase: _Rebase) -> Location:
    if loc.path != path:
        return loc  # in another file of the package: not moved by this edit
    span = rebase.span(loc.span)
    return loc if span is loc.span else Location(loc.path, span)


def _rebase_finding(f: Finding, path: str, rebase: _Rebase) -> Finding:
    location = _rebase_location(f.location, path, rebase)
    related = tuple(r if (loc := _rebase_location(r.location, path, rebase)) is r.location else Related(loc, r.message) for r in f.related)
    fixes = tuple(
        replace(fix, edits=tuple(TextEdit(rebase.byte(e.start_byte), rebase.byte(e.end_byte), e.new_text) for e in fix.edits))
        for fix in f.fixes
    ) if f.fixes else f.fixes
    if location is f.location and all(a is b for a, b in zip(related, f.related)) and fixes == f.fixes:
        return f
    return replace(f, location=location, related=related, fixes=fixes)


def declaration_ranges(file: SourceFile, spans) -> list[tuple[int, int]]:
    """The byte ranges of the top-level declarations that hold any of `spans`."""
    out = []
    for node in file.root.children:
        if any(node.start_byte <= s.start_byte < node.end_byte for s in spans):
            out.append((node.start_byte, node.end_byte))
    return out


def declared_functions(file: SourceFile) -> frozenset[str]:
    """The names of the functions and methods `file` declares at top level."""
    names = set()
    for node in file.root.children:
        if node.type in FUNCTION_UNITS:
            name = node.child_by_field_name("name")
            if name is not None:
                names.add(name.text.decode("utf-8", "replace"))
    return frozenset(names)


def function_around(file: SourceFile, row: int) -> tuple[int, int] | None:
    """The byte range of the function or method declared at top level around 0-based `row`."""
    for node in file.root.children:
        if node.type in FUNCTION_UNITS and node.start_point[0] <= row <= node.end_point[0]:
            return node.start_byte, node.end_byte
    return None


def may_use(data: bytes, names) -> bool:
    """Can a file with this text refer to one of `names`? (A substring test: it may say
    yes for a comment, never no for a use.)"""
    return any(name.encode() in data for name in names)


__all__ = ["IncrementalAnalyzer", "declaration_ranges", "declared_functions", "function_around", "may_use"]
