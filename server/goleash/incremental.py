"""Re-analysing only what an edit touched, with results identical to a full analysis
whenever the code around the edit still parses as it did.

The engine's incremental API: the language server keeps one `IncrementalAnalyzer` per
open document and calls `analyze` on each version (and `with_fixes` when the lightbulb
asks); the rules run through the engine's `check_ranges`, and the merge and
suppressions through its `finish`.

A Go file is a sequence of top-level units (the children of `source_file`):
function and method declarations, `var`/`const`/`type`/`import` blocks,
comments. The analysis of a function's constructs depends on the rest of the file
only through names (`go worker(ch)` resolves `worker`; `s.loop` resolves `loop`),
so after an edit:

- units whose bytes did not change keep the findings they produced before, with the
  positions they were made with; the report shifts them to where the units they
  involve moved since (the same objects when none moved);
- changed units are re-analysed (each together with the functions it names, as
  a finding may pair a `go` statement here with a `select` there), and so is
  every unit that mentions a name a changed (or removed) unit declares, and every
  unit whose earlier findings point into a changed unit;
- an edit of another file of the package (`siblings_changed`) re-analyses the units
  that mention a name it touched, and those whose findings point into that file (a
  goroutine here whose partner there changed: INTO_A_CHANGED_SIBLING);
- a change to a type, or to a package-level `var` or `const`, re-analyses every
  unit that mentions a name it declares or uses (its type, fields, methods,
  variables), following type and value declarations that mention those in turn;
- a change to the package clause or an import, or to which units come before the
  first declaration (`_head`), re-runs the whole file; half-typed code that
  tree-sitter recovers as a top-level ERROR node is re-analysed like a function (it
  may hold several, whose names it then declares);
- half-typed code that makes tree-sitter regroup the declarations after it (a `{`
  that takes them for a block) or break the edited one into loose tokens: the
  declarations the edit did not touch keep their findings, the edited span is one
  unit, until the tree has no error again (`kept_through_reshape`); what is analysed
  again meanwhile is analysed on the text up to where it ends (`_cut_after`), not
  inside a tree that reads the rest of the file as its body; what that finds is
  provisional (the tree read those declarations as loose code), so the first version
  whose tree keeps them again analyses them again (`_provisional`);
- a finding whose wording names a line ("returns at line 38") is worded again
  when its unit, a function it names or a unit it points into moved up or down
  (all such units in one run of the rules);
- a function whose code did not change but for comments and layout (a note typed,
  Enter) is not analysed again, nor are its users: its findings are carried over the
  edit, cited lines counted anew (`_cosmetic_pairs`, `_carried`);
- the uses that tie declarations together are those of fields and package-level
  variables a rule may follow (`_followed`): not `fmt.Sprintf`, not `wg.Done()` on a
  local WaitGroup; a changed goroutine, channel or lock line ties in every such use
  of its declaration, a changed binding of a name (`key := ...`, a receiver, a
  parameter) the uses made with that name;
- copies of one function (a paste) are analysed together, as a whole-file run
  resolves their name once (`_twins`).

Findings are kept *before* suppressions are applied; the suppression pass (and
the report of unused suppressions) runs over the merged result every time,
because a `//goleash:ignore` comment covers a line, not a declaration.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import replace

from tree_sitter import Node

from goleash import engine, gosyntax, parsing
from goleash.analysis import index
from goleash.analysis.examples import OUTPUT_COMMENT
from goleash.analysis.package import Package
from goleash.bytediff import common_prefix, common_suffix
from goleash.config import DEFAULT, Settings
from goleash.model import (
    CITED_LINE,
    FileReport,
    Finding,
    Location,
    Point,
    Related,
    Severity,
    Span,
    TextEdit,
)
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
# loose at the top (`func` and its name apart, a statement outside any function): see
# _keep_untouched; where that does not apply, the whole file is analysed again.
KNOWN_UNITS = FUNCTION_UNITS | WHOLE_FILE_UNITS | DECLARATION_UNITS | {"comment", "ERROR"}
WHOLE_UNITS = KNOWN_UNITS - {"ERROR"}
# Names every file sees: a `struct { n int }` changed says nothing about all users of `int`.
PREDECLARED = frozenset(
    "any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 "
    "rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap clear close "
    "complex copy delete imag len make max min new panic print println real recover _".split()
)
# Declared names inside other units (an ERROR node of half-typed code may hold
# several functions): over-approximated from the text.
_FUNC_NAME = re.compile(rb"\bfunc\s*(?:\([^)]*\)\s*)?([A-Za-z_][A-Za-z0-9_]*)")
# After a function's first name, on its line: not its parameters or type parameters
# straight away but other words (or one: `func select tally(`, seed 7134, where
# tree-sitter takes `select` for an error and names the function `tally`), then a name
# and its parameters.
_RECOVERED_NAME = re.compile(rb"[ \t]*(?:[^\s(\[][^\n(]*?)?\b([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(")
# Units that hold no construct a rule looks at.
INERT_UNITS = frozenset({"comment", "package_clause", "import_declaration"})
_IDENTIFIERS = "[(identifier) (field_identifier) (type_identifier)] @id"
# Fields a declaration uses (`&Queue{items: make(chan int)}`, `q.items = ...`, `<-q.items`):
# a rule reading `q.items` elsewhere asks how it is made, filled and read everywhere
# in the package, so the other users of a field depend on each other. A declaration's
# uses are kept with the statement each is in, so that an edit elsewhere in a method
# that locks `s.mu` does not re-analyse every method that locks it too.
_FIELDS_SET = """
(keyed_element key: (literal_element (identifier) @field))
(selector_expression field: (field_identifier) @field)
"""


class Unit:
    """One top-level declaration (or comment, or stray token) of one version."""

    # Slots and a plain constructor: a keystroke makes one per top-level node.
    __slots__ = (
        "kind",
        "text",
        "start_byte",
        "end_byte",
        "start_row",
        "start_column",
        "names",
        "name_start",
        "mentions",
        "declares",
        "sets",
        "findings",
        "notes",
        "uid",
        "anchors",
        "shifted",
        "twin",
        "node",
        "summary",
        "may_leak",
    )

    def __init__(
        self,
        kind: str,
        text: bytes,
        start_byte: int,
        end_byte: int,
        start_row: int,
        start_column: int,
        uid: int = 0,
    ) -> None:
        self.kind, self.text = kind, text
        self.start_byte, self.end_byte, self.start_row, self.start_column = (
            start_byte,
            end_byte,
            start_row,
            start_column,
        )
        self.names: frozenset[str] | None = (
            None  # what it declares (for a function: its name); see _names
        )
        self.name_start = -1  # byte offset of the declared name, not a mention of itself
        self.mentions: frozenset[str] | None = None  # every identifier in it, computed on demand
        # For a type, var or const declaration: the names a change to it may change the
        # meaning of (see DECLARATION_UNITS); computed while its tree is current.
        self.declares: frozenset[str] | None = None
        # (field, its statement's hash) for each use; see _sets
        self.sets: frozenset[tuple[str, int]] | None = None
        self.may_leak: bool | None = None  # see _may_leak; computed on demand
        self.findings: list[Finding] = []  # raw: before suppressions
        self.notes: list[str] = []
        # The same declaration across versions keeps its uid. Its findings keep the
        # positions they were made with; `anchors` says where, then, each unit they point
        # into (or were analysed with) was: uid -> (start_byte, end_byte, start_row,
        # start_column). They are shifted when a report is made, never re-analysed.
        self.uid = uid
        self.anchors: dict[int, tuple[int, int, int, int] | None] = {}
        # (the shifts, the findings so shifted): the last report's
        self.shifted: tuple[tuple[tuple[int, tuple[int, int, int, int]], ...], list[Finding]] | None
        self.shifted = None
        # What it declares as written (`_twin_key`), read once: its text never changes.
        self.twin: bytes | object | None = _UNREAD
        # Its node in the tree of the version it was last part of, and what it puts in
        # the file's index of declarations (analysis.index.Summary), read once: the
        # index of each version is put together from these (see _seed_index).
        self.node: Node | None = None
        self.summary: index.Summary = None


_UIDS = itertools.count(1)
_UNREAD = object()  # a Unit's twin key not read yet
_UNFOLLOWED = -1  # an anchor for a position outside every unit


def _top_level_units(file: SourceFile) -> list[Unit]:
    """The top-level units of this version; their names are filled in when needed (a
    unit that did not change takes them from its previous version)."""
    data = file.data
    out = []
    for node in file.root.children:
        # Comments hold nothing a rule looks at (suppressions are applied to the merged
        # result): leaving them out makes a file of long doc comments (runtime/proc.go:
        # 921 of its 1,170 top-level nodes) cheap to cut up on every keystroke.
        if node.type == "comment":
            continue
        start, end = node.start_byte, node.end_byte
        row, col = node.start_point
        unit = Unit(node.type, data[start:end], start, end, row, col, next(_UIDS))
        unit.node = node
        out.append(unit)
    return out


def _units_reusing(file: SourceFile, old: list[Unit], old_data: bytes) -> list[Unit]:
    """The top-level units of this version, as _top_level_units makes them, but the
    declarations wholly before the edit are the previous version's objects (the same
    bytes at the same place): a keystroke low in a long file copies and builds less."""
    data = file.data
    start = common_prefix(old_data, data)
    out = []
    i, count = 0, len(old)
    for node in file.root.children:
        if node.type == "comment":
            continue
        begin, end = node.start_byte, node.end_byte
        if end <= start:
            while i < count and old[i].start_byte < begin:
                i += 1
            if i < count:
                previous = old[i]
                if previous.end_byte == end and previous.start_byte == begin:
                    if previous.kind == node.type:
                        previous.node = node  # (this version's tree)
                        out.append(previous)
                        i += 1
                        continue
        row, col = node.start_point
        unit = Unit(node.type, data[begin:end], begin, end, row, col, next(_UIDS))
        unit.node = node
        out.append(unit)
    return out


def _fill_names(unit: Unit) -> None:
    if unit.kind in FUNCTION_UNITS:
        m = _FUNC_NAME.match(unit.text)
        unit.names = frozenset({m.group(1).decode("utf-8", "replace")}) if m else frozenset()
        unit.name_start = unit.start_byte + m.start(1) if m else -1
        if m is not None:
            # BROKEN_SIGNATURE_NAMES: half-typed text between the receiver and the name
            # (`func (e *T) x := run() {`) leaves tree-sitter naming the method by the
            # word before the parameters (`run`), which the package index then holds;
            # that word is one of the unit's names too.
            recovered = _RECOVERED_NAME.match(unit.text, m.end())
            if recovered is not None:
                unit.names |= {recovered.group(1).decode("utf-8", "replace")}
        # TREE_NAMES_BROKEN_SIGNATURES: half-typed lines between `func` and the name (a
        # `select {` typed there, seed 7134) leave tree-sitter naming the function by
        # the word before its parameters; the tree says which, when the unit has one.
        name = unit.node.child_by_field_name("name") if unit.node is not None else None
        if name is not None and unit.node is not None and unit.node.has_error:
            unit.names |= {gosyntax.text(name)}
    elif (
        unit.kind not in WHOLE_FILE_UNITS
        and unit.kind not in DECLARATION_UNITS
        and unit.kind != "comment"
    ):
        unit.names = frozenset(m.decode("utf-8", "replace") for m in _FUNC_NAME.findall(unit.text))
    else:
        unit.names = frozenset()


def _names(unit: Unit) -> frozenset[str]:
    """What the unit declares, filled in on first use."""
    if unit.names is None:
        _fill_names(unit)
    assert unit.names is not None
    return unit.names


def _edited_region(old: bytes, new: bytes) -> tuple[int, int, int]:
    """(start, old end, new end): old[start:old end] became new[start:new end], the rest
    being equal (the longest common prefix, then suffix not overlapping it)."""
    prefix = common_prefix(old, new)
    suffix = common_suffix(old, new, min(len(old), len(new)) - prefix)
    return prefix, len(old) - suffix, len(new) - suffix


def _keep_untouched(
    file: SourceFile, old: list[Unit], old_data: bytes, units: list[Unit]
) -> list[Unit] | None:
    """The units of this version as the edit left them, when half-typed code made
    tree-sitter regroup declarations the edit did not touch (a `{` typed in one
    function swallowing the ones after it) or broke the edited one into loose tokens:
    the declarations before and after the edited ones, as they were (shifted), and one
    unit for the edited span. None when the tree kept them as they were (or there is
    nothing to keep)."""
    if not file.root.has_error:
        return None  # whole code: its tree is the truth
    start, old_end, new_end = _edited_region(old_data, file.data)
    touched = [i for i, u in enumerate(old) if u.start_byte <= old_end and u.end_byte >= start]
    if not touched:
        return None
    first, last = touched[0], touched[-1]
    delta = new_end - old_end
    lo = min(old[first].start_byte, start)
    hi = max(old[last].end_byte + delta, new_end)
    before, after = old[:first], old[last + 1 :]
    present = {(u.start_byte, u.text) for u in units}
    # Only whole declarations count: a stray token of earlier half-typed code that the
    # tree now takes back into a declaration is the code becoming whole again.
    if (
        all((u.start_byte, u.text) in present for u in before if u.kind in WHOLE_UNITS)
        and all((u.start_byte + delta, u.text) in present for u in after if u.kind in WHOLE_UNITS)
        and all(u.kind in KNOWN_UNITS for u in units if u.end_byte > lo and u.start_byte < hi)
    ):
        return None  # the declarations around the edit are as they were
    # Otherwise: they were regrouped, or the edited span fell apart into tokens loose at
    # the top level (`func` apart from its name), which a whole-file run would read as
    # package-level code: the span is one unit until it is whole again.
    kept = list(before)
    row_of = file.line_of
    starts = file.line_starts
    middle_row = row_of(lo)
    middle = Unit(
        "ERROR", file.data[lo:hi], lo, hi, middle_row, lo - starts[middle_row], uid=next(_UIDS)
    )
    _fill_names(middle)
    kept.append(middle)
    for u in after:
        begin = u.start_byte + delta
        row = row_of(begin)
        moved = Unit(u.kind, u.text, begin, u.end_byte + delta, row, begin - starts[row], uid=u.uid)
        moved.names, moved.mentions, moved.declares, moved.sets = (
            u.names,
            u.mentions,
            u.declares,
            u.sets,
        )
        moved.name_start = u.name_start + delta if u.name_start >= 0 else -1
        kept.append(moved)
    return kept


def _mentions(file: SourceFile, unit: Unit) -> frozenset[str]:
    if unit.mentions is None:
        caps = parsing.captures(_IDENTIFIERS, file.root, (unit.start_byte, unit.end_byte))
        # Its own name is left out: five `String()` methods do not depend on each other.
        unit.mentions = frozenset(
            n.text.decode("utf-8", "replace")
            for n in caps.get("id", [])
            if n.start_byte != unit.name_start
        )
    return unit.mentions


def _declares(file: SourceFile, unit: Unit) -> frozenset[str]:
    if unit.declares is None:
        unit.declares = _mentions(file, unit) - PREDECLARED
    return unit.declares


def _sets(file: SourceFile, unit: Unit) -> frozenset[tuple[str, int]]:
    if unit.sets is None:
        if unit.kind in INERT_UNITS or unit.kind == "comment":
            unit.sets = frozenset()
        else:
            caps = parsing.captures(_FIELDS_SET, file.root, (unit.start_byte, unit.end_byte))
            imports = _imported_names(file)
            unit.sets = frozenset(use for n in caps.get("field", []) for use in _uses(n, imports))
    return unit.sets


# Where a field use's statement ends: at a simple statement, or below a compound one
# (the condition of an `if`, not the whole `if` with its body).
_SIMPLE = frozenset(
    {
        "expression_statement",
        "send_statement",
        "inc_statement",
        "dec_statement",
        "assignment_statement",
        "short_var_declaration",
        "return_statement",
        "go_statement",
        "defer_statement",
        "var_spec",
        "const_spec",
        "keyed_element",
        "field_declaration",
    }
)
_COMPOUND = frozenset(
    {
        "block",
        "statement_list",
        "if_statement",
        "for_statement",
        "for_clause",
        "range_clause",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "communication_case",
        "expression_case",
        "default_case",
        "type_case",
        "function_declaration",
        "method_declaration",
        "func_literal",
        "source_file",
        "ERROR",
    }
)


def _use(node: Node) -> tuple[str, int]:
    """(field, hash of the statement it is used in)."""
    field = node.text.decode("utf-8", "replace")  # type: ignore[union-attr]  # parsed from bytes: has text
    part = node
    while (
        part.type not in _SIMPLE and part.parent is not None and part.parent.type not in _COMPOUND
    ):
        part = part.parent
    return field, hash(part.text)


# A variable used as the operand of a selector (`mu.Lock()`, `quit.C`) is kept as
# "=name": when it is a package-level variable of a followed type, its users depend on
# each other as a field's do (a lock order across two functions on `var mu1, mu2`).
_OPERAND = "="


def _uses(node: Node, imports: frozenset[str]) -> list[tuple[str, int]]:
    """The uses one captured field name stands for: none for a package's member
    (`fmt.Sprintf`, `strings.Join` name no field), the field and its operand variable
    for `x.f`."""
    parent = node.parent
    if parent is None or parent.type != "selector_expression":
        return [_use(node)]
    operand = parent.child_by_field_name("operand")
    if operand is None or operand.type != "identifier":
        return [_use(node)]
    name = gosyntax.text(operand)
    if name in imports:
        return []
    field, statement = _use(node)
    return [(field, statement), (_OPERAND + name, statement)]


_IMPORTED: dict[int, tuple[bytes, frozenset[str]]] = {}


def _imported_names(file: SourceFile) -> frozenset[str]:
    """The names this file's imports bind (`"net/http"` binds `http`), read from the
    import declarations at the top of the tree (cached for this version's text)."""
    cached = _IMPORTED.get(id(file.data))
    if cached is not None and cached[0] is file.data:
        return cached[1]
    names = set()
    for node in file.root.children:
        if node.type in FUNCTION_UNITS or node.type in DECLARATION_UNITS:
            break
        if node.type != "import_declaration":
            continue
        for m in _IMPORT_SPEC.finditer(node.text):
            alias, path = m.group(1), m.group(2)
            name = alias if alias and alias != b"import" else path.rsplit(b"/", 1)[-1]
            names.add(name.decode("utf-8", "replace"))
    result = frozenset(names - {"_", "."})
    _IMPORTED.clear()  # one file at a time is plenty: the keystroke path asks per version
    _IMPORTED[id(file.data)] = (file.data, result)
    return result


_IMPORT_SPEC = re.compile(rb'(?:([A-Za-z_][A-Za-z0-9_]*|\.)[ \t]+)?"([^"\n]*)"')


# A struct field a rule may follow: a channel, a function (a cancel), a map (of them),
# a lock, a WaitGroup, a condition, a context, a ticker or timer, an interface, and a
# flag (`bool`, `atomic.Bool`: a flag set apart from its channel, an object's fixed
# flags, a state guard read through a method).
_FOLLOWED_TYPE = re.compile(
    rb"\bchan\b|\bfunc\b|\bmap\[|Mutex|WaitGroup|Cond\b|Context|CancelFunc|Ticker|Timer|interface|\bany\b|\berror\b|\bbool\b|\bBool\b"
)
_FIELD_DECLARATION = re.compile(
    rb"^[ \t]*([A-Za-z_][A-Za-z0-9_]*(?:[ \t]*,[ \t]*[A-Za-z_][A-Za-z0-9_]*)*)[ \t]+([^\n/]*)", re.M
)


_KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var".split()
)


def _plain_fields(data: bytes) -> frozenset[str]:
    """Fields declared in `data` (line by line, as gofmt lays struct fields out) only
    with types no rule follows (`n int`, `name string`, `conn *Conn`): a changed use of
    one of those changes no other declaration's findings. A field declared with a
    followed type anywhere, or with a name also used otherwise, is not plain."""
    plain: set[str] = set()
    followed: set[str] = set()
    for m in _FIELD_DECLARATION.finditer(data):
        names = [n.strip().decode("utf-8", "replace") for n in m.group(1).split(b",")]
        kind = m.group(2)
        if not kind or kind[:1] in b":=({.\"'`+-*&<!|^%[]" or names[0] in _KEYWORDS:
            # a statement, not a field (`x := 1`, `return x`); `*T` may be a field too
            if not (kind[:1] == b"*" and names[0] not in _KEYWORDS):
                continue
        (followed if _FOLLOWED_TYPE.search(kind) else plain).update(names)
    return frozenset(plain - followed)


def _pairing_kind(kind: str) -> str:
    """A function that half-typed code broke into an ERROR node (a `{` typed in it)
    is still that function: its uses of fields are compared, not all taken as new."""
    return "function" if kind in FUNCTION_UNITS or kind == "ERROR" else kind


def _paired_versions(changed: list[Unit], removed: list[Unit]) -> list[tuple[Unit, Unit | None]]:
    """Each changed declaration with its previous version: the one removed declaration
    of the same kind and name (None when there is none, or more than one)."""
    before: dict[tuple[str, frozenset[str]], list[Unit]] = defaultdict(list)
    for u in removed:
        before[(_pairing_kind(u.kind), _names(u))].append(u)
    out: list[tuple[Unit, Unit | None]] = []
    for u in changed:
        olds = before.get((_pairing_kind(u.kind), _names(u)), [])
        out.append((u, olds[0] if len(olds) == 1 and _names(u) else None))
    return out


def _fields_touched(file: SourceFile, changed: list[Unit], removed: list[Unit]) -> set[str]:
    """Fields whose use changed: in a statement that is new or gone, when a changed
    declaration has its previous version among the removed ones (same kind and
    name); every field of the others. Fields of types no rule follows are left out."""
    touched: set[str] = set()
    paired = set()
    for u, previous in _paired_versions(changed, removed):
        now = _sets(file, u)
        if previous is not None and previous.sets is not None:
            paired.add(id(previous))
            touched.update(field for field, _ in now ^ previous.sets)
            # A goroutine, channel (a `close(` too) or lock statement changed beside uses of a field
            # (`wg.Add(1)` then `go p.run(t)` edited: Flush's `p.wg.Wait()` pairs with
            # it): every field the declaration uses. Heuristic CONSTRUCT_LINES_ONLY: a
            # changed line of plain control flow (`for`, `if`, a brace) does not, though
            # it can change another declaration's finding (a `for` typed before the
            # `close(p.quit)` of Stop changes poll's GL009): re-analysing every user of
            # every field on each brace cost proc.go's keystrokes 12 ms -> 70 ms at the
            # median. A brace that moves a construct line in or out of a block (that
            # `for` before the `close`) does count: NESTED_CONSTRUCTS, _construct_nesting.
            # Lines compared without their comments: a note typed after `go p.run(t)`
            # changes no statement. A `range` alone is plain control flow here (one over
            # a field is a use of that field, and changed with its statement).
            # Lines in order: two locks swapped change the lock order, not the set of lines.
            # Heuristic EXITS_OF_A_SELECT: in a declaration holding a `select`, a changed
            # `return`/`break`/`continue`/`goto` line counts as a construct: it may be a
            # stop case's way out (`case <-m.stop: return`), which a sender in another
            # method is judged against (GL007's outlived receiver).
            old_lines, new_lines = _code_lines(previous.text), _code_lines(u.text)
            gone, came = _changed_parts(old_lines, new_lines)
            lines = gone + came
            # The lines both versions share count alike on both sides: only the changed
            # ones are read for the literals' types, and the blocks' nesting is compared
            # only when a changed line holds a brace (no other line can change it).
            touched.update(_fields_of_retyped_literals(file, gone, came))
            exits_matter = b"select" in u.text or b"select" in previous.text
            if any(
                _LINE_CONSTRUCT.search(line) or (exits_matter and _EXIT_LINE.match(line))
                for line in lines
            ) or (
                any(b"{" in line or b"}" in line for line in lines)
                and (
                    _construct_nesting(old_lines) != _construct_nesting(new_lines)
                    # BROKEN_BRACES: in a declaration with a syntax error, a brace
                    # moved to another line changes how tree-sitter's recovery groups
                    # the statements around it (seed 37: `}.mu.Unlock()` split in two
                    # left `go m.keepAlive(t)` outside `Open`, and `Close`'s Wait
                    # lost its Done), which the text's nesting does not show. Read
                    # from the trees, and only then: which construct statements the
                    # recovery keeps as code (a brace typed in proc.go's broken
                    # functions re-analysed every user of their fields otherwise,
                    # doubling the brace keystroke's cost).
                    or (
                        (_broken(u) or _broken(previous))
                        and _recovered_constructs(u) != _recovered_constructs(previous)
                    )
                )
            ):
                touched.update(field for field, _ in now | previous.sets)
            else:
                touched.update(_retyped_fields(previous.text, u.text, now | previous.sets))
                touched.update(
                    _rebound_fields(
                        lines,
                        old_lines + new_lines,
                        _imported_names(file),
                        _rebound_parameters(previous.text, u.text),
                    )
                )
        else:
            touched.update(field for field, _ in now)
    for u in removed:
        if id(u) not in paired:
            touched.update(field for field, _ in (u.sets or ()))
    return touched


def _guard_fields(
    changed: list[Unit], removed: list[Unit], cosmetic: Mapping[int, Unit]
) -> set[str]:
    """GUARDS_OF_CONSTRUCTS: the fields a changed condition line tests (`if
    s.config.Period > 0 {`) in a declaration holding a construct line, whatever their
    type: rules match such a guard against the same test elsewhere (a `Close` that
    closes only under the test `New` started the goroutine under, a flag set apart
    from its channel), so the users of those fields are analysed again. Trade-off: a
    condition typed in such a declaration re-analyses every declaration naming a field
    it tests, plain ones included."""
    out: set[str] = set()
    for u, previous in _paired_versions(changed, removed):
        if id(u) in cosmetic or previous is None:
            continue
        old_lines, new_lines = _code_lines(previous.text), _code_lines(u.text)
        if not any(_LINE_CONSTRUCT.search(line) for line in old_lines + new_lines):
            continue
        gone, came = _changed_parts(old_lines, new_lines)
        for line in gone + came:
            if _CONDITION_LINE.match(line):
                out.update(m.decode("utf-8", "replace") for m in _SELECTED.findall(line))
    return out


def _stoppers_types(
    changed: list[Unit], removed: list[Unit], cosmetic: Mapping[int, Unit]
) -> set[str]:
    """STOPPERS_TOUCH_THEIR_TYPE: a type's stopping method (`Stop`, `Close`...) changed,
    typed or gone: the rules judge the type's goroutines against it ("`Stop` does not
    close `r.events`") wherever they are declared, so the declarations naming the type
    are analysed again; so does any method that appears or goes (METHOD_SET_CHANGES),
    or is whole again after a syntax error (MENDED_METHODS). Trade-off: a keystroke in
    a `Close`, or one that mends a method, re-analyses every method of its type."""
    from goleash.analysis.stop_signals import STOPPING_METHODS

    out: set[str] = set()
    sides: tuple[set[tuple[str, str]], set[tuple[str, str]]] = (set(), set())
    for side, units in zip(sides, (changed, removed)):
        for u in units:
            if id(u) in cosmetic:
                continue
            m = _STOPPER_HEAD.match(u.text)
            if m is None:
                continue
            type_name = m.group(1).decode("utf-8", "replace")
            name = m.group(2).decode("utf-8", "replace")
            side.add((type_name, name))
            if name in STOPPING_METHODS:
                out.add(type_name)
    # METHOD_SET_CHANGES: a method that appears or goes (renamed, or `deferwriter`
    # typed apart into `defer writer`, which tree-sitter names `writer`) changes what
    # the rules read of its type: the goroutines its callers start run it.
    out |= {type_name for type_name, _name in sides[0] ^ sides[1]}
    # MENDED_METHODS: a method whole again after a syntax error (`}/` after `Events`
    # read with the `Unsubscribe` below it) was read as something else meanwhile, by
    # the rules that judge its type's other methods against it too (GL007: a sender
    # in `push` against what `Events` and `Unsubscribe` do).
    for u, previous in _paired_versions(changed, removed):
        if previous is not None and _broken(previous) and not _broken(u):
            m = _STOPPER_HEAD.match(u.text)
            if m is not None:
                out.add(m.group(1).decode("utf-8", "replace"))
    return out


_STOPPER_HEAD = re.compile(rb"\s*func\s*\(\s*\w*\s*\*?\s*(\w+)[^)]*\)\s*(\w+)")


# How deep CALLEES_OF_CALLEES follows names: as deep as the analyses follow calls
# (liveness.MAX_DEPTH).
_CALLEE_DEPTH = 3


_CONDITION_LINE = re.compile(rb"[ \t}]*(?:else[ \t]+)?(?:if|for|switch|case)\b")
_SELECTED = re.compile(rb"\.[ \t]*([A-Za-z_]\w*)")


# A WaitGroup's count (`.Add(`, `.Done()`) is judged at the `Wait` of another
# declaration (seed 227: a `p.pending.Done()` retyped into another call in `Submit`
# changes `Drain`'s GL015).
_LINE_CONSTRUCT = re.compile(
    rb"\bgo\b|\bchan\b|<-|\bclose\(|Lock\(|\.Wait\(|\.Go\(|context\.With|NewTicker"
    rb"|\.Signal\(|\.Broadcast\(|\.Add\(|\.Done\(\)"
)


def _recovered_constructs(unit: Unit) -> list[tuple[bytes, bool]]:
    """The construct lines of the unit as its tree reads them: each `go`, send and
    construct call's text, and whether the parser's recovery put it in an error node."""
    node = unit.node
    if node is None:
        return []
    out = []
    for kind in ("go_statement", "send_statement", "call_expression"):
        for n in gosyntax.descendants(node, kind):
            text = n.text or b""
            if kind == "call_expression" and not _LINE_CONSTRUCT.search(text):
                continue
            errored = any(a.type == "ERROR" for a in gosyntax.ancestors(n, node))
            out.append((text, errored))
    return sorted(out)


def _fields_of_retyped_literals(file: SourceFile, old: list[bytes], new: list[bytes]) -> set[str]:
    """LITERAL_TYPES: a composite literal whose type changed (`&Server{}` typed as
    `&Serrver{}`) changes which functions construct the type, which analyses read
    from the whole package (a field made only by a method, never by a constructor,
    may be nil); every field of the types gained or lost counts as touched. Types
    declared in this file only. Trade-off: a word before `{` that is no type (`if ok
    {`) costs a lookup in the file's index and nothing more."""
    before, after = _literal_types(old), _literal_types(new)
    changed = {name for name in before.keys() | after.keys() if before[name] != after[name]}
    if not changed:
        return set()
    from goleash.analysis.package import struct_fields

    types = index.file_index(file).types
    out: set[str] = set()
    for name in changed:
        fields, _embedded = struct_fields(types.get(name.decode(errors="replace")))
        out.update(fields)
    return out


_LITERAL_TYPE = re.compile(rb"(?<![\w.])([A-Za-z_]\w*)[ \t]*\{")


def _literal_types(lines: list[bytes]) -> Counter[bytes]:
    """How many times each word stands before a `{` (counted: a result type `*T {` and
    a literal `T{}` in one function are two)."""
    return Counter(word for line in lines for word in _LITERAL_TYPE.findall(line))


def _construct_nesting(lines: list[bytes]) -> list[tuple[bytes, ...]]:
    """The blocks around each construct line, in order, each named by the first word of
    the line that opened it (`for`, `if`, `select`, `func`...). Heuristic
    NESTED_CONSTRUCTS: a brace typed or deleted above a construct (`}` closing a loop
    before the `f.cond.Signal()` it held), or the keyword of a block around it changed
    (`for` deleted from its header), changes what the construct means to the other
    declarations though no construct line changed; it counts as a construct change.
    Trade-off: such a keystroke above a construct re-analyses the declaration's
    partners; other keystrokes, and those below every construct, do not."""
    shapes: list[tuple[bytes, ...]] = []
    around: list[bytes] = []
    for line in lines:
        if _LINE_CONSTRUCT.search(line):
            shapes.append(tuple(around))
        if b"{" not in line and b"}" not in line:
            continue
        first = _FIRST_WORD.match(line)
        opener = first.group(1) if first else b""
        for brace in _BRACES.findall(line):
            if brace == b"{":
                around.append(opener)
            elif around:
                around.pop()
    return shapes


_FIRST_WORD = re.compile(rb"[\s}]*(\w+|\S)")
_BRACES = re.compile(rb"[{}]")


def _retyped_fields(old: bytes, new: bytes, uses: frozenset[tuple[str, int]]) -> set[str]:
    """The fields used through a receiver or parameter that the function's signature
    declares otherwise now (`func (q *Queue) Put` from `func (xq *Queue) Put` or
    `func (q *Que) Put`): every such use names another field, or none, though no
    statement changed. Heuristic SIGNATURE_BINDINGS: only the names the signature
    binds are followed, not a local variable declared anew in the body
    (`q := NewOther()`), which stays CONSTRUCT_LINES_ONLY's gap; and only the uses
    through a name whose binding changed, so that a parameter typed into a method's
    list does not re-analyse every user of every field its receiver reaches."""
    old_head, new_head = _signature(old), _signature(new)
    if old_head == new_head:
        return set()
    was, now = _bindings(old_head), _bindings(new_head)
    operands = {_OPERAND + n for n in was.keys() | now.keys() if was.get(n) != now.get(n)}
    if not operands:
        return set()
    statements = {statement for name, statement in uses if name in operands}
    return {name for name, statement in uses if statement in statements and name[0] != _OPERAND}


# A changed line binding names (`key := watchKey(path, gen)`, `for k, v := range`,
# `n += 1`, `var x T`), not a field (`w.x = 1`).
_BOUND = re.compile(
    rb"(?<![\w.])([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]*(?:<<|>>|&\^|[-+*/%&|^])?:?=(?!=)"
)
_VAR_BOUND = re.compile(rb"\bvar[ \t]+([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)")
_SELECTOR = re.compile(rb"(\w*)[ \t]*\.[ \t]*([A-Za-z_]\w*)")


def _rebound_parameters(old: bytes, new: bytes) -> set[bytes]:
    """The names whose binding in the signature changed (`ctx context.Context` half
    retyped as `ctext`): a use of one in the body (`o.ctx = ctx`) now means another
    value though its statement did not change (PARAMETER_BINDINGS, read with
    LOCAL_BINDINGS below)."""
    old_head, new_head = _signature(old), _signature(new)
    if old_head == new_head:
        return set()
    was, now = _bindings(old_head), _bindings(new_head)
    return {n.encode() for n in was.keys() | now.keys() if was.get(n) != now.get(n)}


def _rebound_fields(
    changed: list[bytes],
    lines: list[bytes],
    imports: frozenset[str],
    also: set[bytes] | frozenset[bytes] = frozenset(),
) -> set[str]:
    """The fields used on the lines (`lines`: both versions') that name a local variable
    a changed line binds: `w.stops[key]` when `key := watchKey(path, gen)` is edited or
    deleted, which decides whether Watch's cancel, kept under another key, is ever
    found (GL003), though neither Watch nor the statement using the field changed.
    Heuristic LOCAL_BINDINGS: read from the lines' text, as gofmt lays code out, with
    no scopes: a name bound on a changed line counts wherever it appears in the
    declaration (a shadowed `err` too), so each keystroke in a binding re-analyses the
    users of those fields (the property test's edits: 0.7% more declarations
    re-analysed); a changed line that only uses a name changes its own statement,
    which is compared already."""
    names: set[bytes] = set()
    for line in changed:
        for m in itertools.chain(_BOUND.finditer(line), _VAR_BOUND.finditer(line)):
            names.update(n.strip() for n in m.group(1).split(b","))
    names |= also
    names = {n for n in names if n != b"_" and n.decode("ascii", "replace") not in _KEYWORDS}
    if not names:
        return set()
    mention = re.compile(rb"(?<![\w.])(?:" + b"|".join(map(re.escape, names)) + rb")\b")
    fields = set()
    for line in lines:
        if b"." in line and mention.search(line):
            for m in _SELECTOR.finditer(line):
                if m.group(1).decode("utf-8", "replace") not in imports:
                    fields.add(m.group(2).decode("utf-8", "replace"))
    return fields


def _signature(text: bytes) -> bytes:
    """A function's text up to its body: the first `{` outside parentheses (a struct
    type among the results cuts it short; what follows is compared as lines)."""
    depth = 0
    for m in _PARENS_OR_BRACE.finditer(text):  # (the bytes between skipped in C)
        c = m.group()
        if c == b"(":
            depth += 1
        elif c == b")":
            depth = max(0, depth - 1)
        elif not depth:
            return text[: m.start()]
    return text


_PARENS_OR_BRACE = re.compile(rb"[(){]")
_BRACKETS_OR_COMMA = re.compile(rb"[()\[\]{},]")
_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def _bindings(signature: bytes) -> dict[str, bytes]:
    """name -> its type as written (spaces dropped), for each name a signature's
    receiver, parameters and results declare; a name without a type (`(q)`, half
    typed, or a type alone) binds b"". Read loosely: a misread binding only makes a
    name look changed, which re-analyses more, never less."""
    groups = []
    depth, start = 0, 0
    for m in _PARENS_OR_BRACE.finditer(signature):
        if m.group() == b"(":
            if not depth:
                start = m.end()
            depth += 1
        elif m.group() == b")" and depth:
            depth -= 1
            if not depth:
                groups.append(signature[start : m.start()])
    if depth:
        groups.append(signature[start:])  # a list not closed yet
    out: dict[str, bytes] = {}
    for group in groups:
        pending: list[str] = []
        for item in _top_level_items(group):
            words = item.split(None, 1)
            if not words or not _IDENTIFIER.fullmatch(words[0]):
                continue  # a type alone (`*T`, `[]int`, `func()`)
            name = words[0].decode("utf-8", "replace")
            if len(words) == 1 or name in _KEYWORDS:
                pending.append(name)  # `a, b int`: typed by the next item (or a type)
                continue
            kind = b"".join(words[1].split())
            for n in (*pending, name):
                out[n] = kind
            pending = []
        for n in pending:
            out.setdefault(n, b"")
    return out


def _top_level_items(group: bytes) -> list[bytes]:
    """A parameter list's items: split at the commas outside brackets."""
    items, depth, start = [], 0, 0
    for m in _BRACKETS_OR_COMMA.finditer(group):
        c = m.group()
        if c in b"([{":
            depth += 1
        elif c in b")]}":
            depth = max(0, depth - 1)
        elif not depth:  # a comma
            items.append(group[start : m.start()])
            start = m.end()
    items.append(group[start:])
    return items


_LINE_COMMENT = re.compile(rb"[ \t]*//[^\n]*")
_EXIT_LINE = re.compile(rb"[ \t]*(?:return|break|continue|goto)\b")


def _code_lines(text: bytes) -> list[bytes]:
    """The lines of `text` without trailing `//` comments (a `//` inside a string cut
    too: that only makes two lines look changed)."""
    if b"//" in text:
        text = _LINE_COMMENT.sub(b"", text)
    return text.split(b"\n")


def _changed_parts(old: list[bytes], new: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(the old version's, the new version's) lines between their longest common prefix
    and suffix."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return old[head : len(old) - tail], new[head : len(new) - tail]


# Methods of the standard library's followed types (WaitGroup, Mutex, Cond, Context,
# Ticker...): `wg.Done()` on a local WaitGroup names no field of the package. They
# count as fields only where the package declares a field of that name or embeds a
# type (whose methods it then promotes).
_LIBRARY_METHODS = frozenset(
    "Add Done Wait Go Lock Unlock TryLock RLock RUnlock TryRLock RLocker Signal Broadcast "
    "Do Err Deadline Value Stop Reset C".split()
)
_VAR_LINE = re.compile(rb"^var[ \t]+([^\n]*)", re.M)
_VAR_NAMES = re.compile(
    rb"[ \t]*([A-Za-z_][A-Za-z0-9_]*(?:[ \t]*,[ \t]*[A-Za-z_][A-Za-z0-9_]*)*)[ \t]*([^\n]*)"
)
_FOLLOWED_VALUE = re.compile(
    rb"\bchan\b|\bfunc\b|Mutex|WaitGroup|Cond\b|Context|CancelFunc|Ticker|Timer|"
    rb"context\.|sync\.|time\.|make\(|errgroup|interface|\bany\b"
)
_EMBEDDED = re.compile(
    rb"^\t\*?((?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:`[^`\n]*`)?[ \t]*(?://[^\n]*)?$",
    re.M,
)
_NOT_EMBEDDED = frozenset(b"break continue fallthrough return default goto select".split())


@functools.lru_cache(maxsize=64)
def _text_facts(data: bytes) -> tuple[frozenset[str], frozenset[str], frozenset[str], bool]:
    """(fields declared only with types no rule follows, every declared field name,
    package-level variables whose type or value a rule may follow, whether some
    struct may embed a type), read from declarations' text as gofmt lays it out."""
    declared: set[str] = set()
    for m in _FIELD_DECLARATION.finditer(data):
        declared.update(n.strip().decode("utf-8", "replace") for n in m.group(1).split(b","))
    followed_vars: set[str] = set()
    for m in _VAR_LINE.finditer(data):
        rest = m.group(1)
        if rest.startswith(b"("):  # a block: one spec a line up to its `)`
            end = data.find(b"\n)", m.end())
            specs = data[m.end() : end if end >= 0 else len(data)].split(b"\n")
        else:
            specs = [rest]
        for spec in specs:
            v = _VAR_NAMES.match(spec)
            if v is None:
                continue
            if _FOLLOWED_VALUE.search(v.group(2)) or not v.group(2).strip():
                followed_vars.update(
                    n.strip().decode("utf-8", "replace") for n in v.group(1).split(b",")
                )
    embeds = any(name not in _NOT_EMBEDDED for name in _EMBEDDED.findall(data))
    return _plain_fields(data), frozenset(declared), frozenset(followed_vars), embeds


def _followed(names: set[str], declarations: bytes, siblings: engine.Siblings) -> set[str]:
    """The fields and variables among `names` whose uses a rule may follow across
    declarations: not fields declared only with plain types, not methods of the
    standard library's types the package neither declares as fields nor may promote,
    and (for an operand `=x`) only package-level variables of a followed type."""
    if not names:
        return names
    texts = [declarations]
    if any(n in _LIBRARY_METHODS or n.startswith(_OPERAND) for n in names):
        more = siblings() if callable(siblings) else siblings
        texts += [f.data for f in more]
    facts = [_text_facts(t) for t in texts]
    plain = set().union(*(f[0] for f in facts)) - set().union(*(f[1] - f[0] for f in facts))
    declared = set().union(*(f[1] for f in facts))
    variables = set().union(*(f[2] for f in facts))
    embeds = any(f[3] for f in facts)
    out = set()
    for n in names:
        if n.startswith(_OPERAND):
            if n[1:] in variables:
                out.add(n[1:])
        elif n not in plain and (n not in _LIBRARY_METHODS or n in declared or embeds):
            out.add(n)
    return out


# Go's tokens as far as an edit's meaning goes: strings and runes whole (so a `//` in
# one is no comment), comments, words, newlines, runs of spaces, any other character.
# A `/*` never closed is no comment: tree-sitter reads the code after it as code.
_TOKEN = re.compile(
    rb'"(?:[^"\\\n]|\\.)*"?|`[^`]*`?|\'(?:[^\'\\\n]|\\.)*\'?|//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/'
    rb"|[A-Za-z0-9_]+|\n|[ \t\r]+|[^ \t\r\n]"
)


# OUTPUT_COMMENTS_ARE_CODE: an example's `// Output:` (or `// Unordered output:`)
# comment decides whether `go test` runs it (analysis/examples.py), so an edit that
# makes or unmakes one changes what the declaration means (edit-sequence seed 66).


def _code_tokens(text: bytes) -> list[bytes]:
    """`text`'s tokens without comments, a run of line breaks as one (a line break ends
    a statement in Go, a blank line does not): two texts with the same tokens are the
    same code laid out or commented differently.

    SPACES_BETWEEN_TOKENS: the spaces between two tokens of a line are kept as they are
    (indentation and spaces before a comment or a line's end are not): messages quote
    expressions as written (`merge(ch <- ins...)`), so a space typed inside one is a
    change whose findings must be made again, not carried. Trade-off: re-aligning code
    within its lines re-analyses the declaration."""
    out: list[bytes] = []
    for tok in _TOKEN.findall(text):
        comment = tok[:2] == b"//" or (tok[:2] == b"/*" and b"\n" not in tok)
        if tok[:2] == b"/*" and not comment:
            tok = b"\n"
        if (comment or tok == b"\n") and out and out[-1][:1] in b" \t\r":
            out.pop()  # spaces before a comment or a line's end
        if comment and OUTPUT_COMMENT.match(tok):
            out.append(b"//Output:")  # OUTPUT_COMMENTS_ARE_CODE
            continue
        if comment:
            continue
        if tok == b"\n" and out and out[-1] == b"\n":
            continue
        if tok[:1] in b" \t\r" and (not out or out[-1] == b"\n"):
            continue  # indentation
        out.append(tok)
    if out and out[-1][:1] in b" \t\r":
        out.pop()
    return out


def _cosmetic_pairs(changed: list[Unit], removed: list[Unit]) -> dict[int, Unit]:
    """The changed declarations, and their previous versions, whose code is the same
    but for comments and layout (functions declaring no struct, one previous version of
    the same name each):
    id of each -> the other."""
    if not changed or not removed:
        return {}
    before: dict[tuple[str, frozenset[str]], list[Unit]] = defaultdict(list)
    for u in removed:
        if u.kind in FUNCTION_UNITS:
            before[(u.kind, _names(u))].append(u)
    out: dict[int, Unit] = {}
    for u in changed:
        # Functions only, and none declaring a struct: a comment on a struct field can
        # mean something to the rules ("optional", "may be nil": optional_fields).
        if u.kind not in FUNCTION_UNITS:
            continue
        olds = before.get((u.kind, _names(u)), [])
        if len(olds) != 1:
            continue
        tokens = _code_tokens(u.text)
        if b"struct" not in tokens and tokens == _code_tokens(olds[0].text):
            out[id(u)], out[id(olds[0])] = olds[0], u
    return out


def _broken(unit: Unit) -> bool:
    """Does the unit's tree hold a syntax error (or is it not a whole declaration)?"""
    node = unit.node
    return node is None or node.has_error


def _renumbered(text: str, moved: dict[int, int]) -> str:
    """`text` with each `line N` of `moved` naming its new number."""
    return CITED_LINE.sub(lambda m: f"line {moved.get(int(m.group(1)), int(m.group(1)))}", text)


class _Unmovable(Exception):
    """A position inside the edited text: it cannot be carried over."""


def _carried(
    findings: list[Finding], path: str, file: SourceFile, region: tuple[int, int, int], rows: int
) -> list[Finding]:
    """`findings` of the version before a single edit (`region`: start, old end, new end)
    at their places in `file`, the version after it; cited lines below the edit
    counted anew (`rows` lines more). Raises _Unmovable for a position inside the
    edited text, a fix (built on request, never kept) or a line it cannot re-count."""
    start, old_end, new_end = region
    delta = new_end - old_end
    starts = file.line_starts

    def byte(b: int, end: bool = False) -> int:
        if end and b == start:
            return b  # a span that ends where text was inserted: it ends before it
        if b >= old_end:
            return b + delta  # (text inserted at a span's start pushes it on)
        if b <= start:
            return b
        raise _Unmovable

    def point(b: int) -> Point:
        row = file.line_of(b)
        return Point(row, b - starts[row])

    def location(loc: Location) -> Location:
        if loc.path != path:
            return loc
        span = loc.span
        s, e = byte(span.start_byte), byte(span.end_byte, end=True)
        if s == span.start_byte and e == span.end_byte and (not rows or e <= start):
            return loc  # (a line break for a space in a comment moves rows, not bytes)
        return Location(path, Span(s, e, point(s), point(e)))

    out = []
    for f in findings:
        if f.fixes:
            raise _Unmovable
        message, related, citations = f.message, f.related, f.citations
        moved = {n: n + rows for n, off in citations if off >= old_end and rows}
        if moved:
            cited = {n for n, _ in citations}
            texts = [message, *(r.message for r in related)]
            if any(int(m.group(1)) not in cited for t in texts for m in CITED_LINE.finditer(t)):
                raise _Unmovable

            message = _renumbered(message, moved)
            related = tuple(Related(r.location, _renumbered(r.message, moved)) for r in related)
        if citations:
            citations = tuple((moved.get(n, n), byte(off)) for n, off in citations)
        related = tuple(
            r if (loc := location(r.location)) is r.location else Related(loc, r.message)
            for r in related
        )
        out.append(
            Finding(
                f.code,
                f.name,
                message,
                location(f.location),
                f.severity,
                related,
                f.fixes,
                f.cites_lines,
                citations,
                f.origin,
            )
        )
    return out


def _fill_sets(file: SourceFile, units: list[Unit]) -> None:
    """`sets` of every unit, while this tree is current (a later edit may remove them):
    one query over the file when many are new (the first run), else one per unit."""
    missing = [u for u in units if u.sets is None]
    if len(missing) <= 8:
        for u in missing:
            _sets(file, u)
        return
    found: dict[int, set[tuple[str, int]]] = defaultdict(set)
    starts = [u.start_byte for u in units]
    imports = _imported_names(file)
    for node in parsing.captures(_FIELDS_SET, file.root).get("field", []):
        i = bisect.bisect_right(starts, node.start_byte) - 1
        if i >= 0:
            found[i].update(_uses(node, imports))
    for i, u in enumerate(units):
        if u.sets is None:
            u.sets = (
                frozenset(found.get(i, ()))
                if u.kind not in INERT_UNITS and u.kind != "comment"
                else frozenset()
            )


def _position(unit: Unit) -> tuple[int, int, int, int]:
    return (unit.start_byte, unit.end_byte, unit.start_row, unit.start_column)


def _anchor(
    unit: Unit,
    findings: list[Finding],
    path: str,
    analysed_with: list[Unit],
    units: list[Unit],
    starts: list[int],
) -> None:
    """Give `unit` its findings and remember where the units they involve are now."""
    anchors: dict[int, tuple[int, int, int, int] | None] = {
        u.uid: _position(u) for u in analysed_with
    }
    for f in findings:
        for byte in _bytes_in(f, path):
            i = bisect.bisect_right(starts, byte) - 1
            if i >= 0 and byte <= units[i].end_byte:
                anchors.setdefault(units[i].uid, _position(units[i]))
            else:
                anchors[_UNFOLLOWED] = (
                    None  # between declarations: cannot follow it; re-analysed when moved
                )
    unit.findings, unit.anchors, unit.shifted = findings, anchors, None


def _pointed_into(
    plans: list[tuple[Unit, dict[int, Unit]]],
    path: str,
    units: list[Unit],
    starts: list[int],
    done: Collection[int],
) -> list[Unit]:
    """The functions outside `done` that findings of the planned units point into,
    other than those they were analysed with."""
    found: dict[int, Unit] = {}
    for unit, callees in plans:
        for f in unit.findings:
            for byte in _bytes_in(f, path):
                i = bisect.bisect_right(starts, byte) - 1
                if i < 0 or byte > units[i].end_byte:
                    continue
                other = units[i]
                if (
                    other.kind in FUNCTION_UNITS
                    and other.uid not in done
                    and other is not unit
                    and id(other) not in callees
                ):
                    found.setdefault(other.uid, other)
    return list(found.values())


def _points_into(findings: Iterable[Finding], paths: Collection[str]) -> bool:
    """Does a finding (or a note of one) point into one of these files?"""
    return any(
        loc.path in paths
        for f in findings
        for loc in (f.location, *(r.location for r in f.related))
    )


def _bytes_in(f: Finding, path: str) -> Iterator[int]:
    for loc in (f.location, *(r.location for r in f.related)):
        if loc.path == path:
            yield loc.span.start_byte
            yield loc.span.end_byte
    for fix in f.fixes:
        for e in fix.edits:
            if (
                e.path is None or e.path == path
            ):  # an edit of another file does not move with this one
                yield e.start_byte
                yield e.end_byte


class _Shift:
    """Where a unit's findings are now: each anchored unit's move since they were made."""

    def __init__(
        self, anchors: dict[int, tuple[int, int, int, int] | None], now: dict[int, Unit]
    ) -> None:
        # (then start_byte, then end_byte, d_byte, d_row, then start_row, d_column)
        self.ranges: list[tuple[int, int, int, int, int, int]] = []
        for uid, then in anchors.items():
            unit = now[uid]
            start, end, row, column = then  # type: ignore[misc]  # _shifted: no _UNFOLLOWED (None) here
            self.ranges.append(
                (
                    start,
                    end,
                    unit.start_byte - start,
                    unit.start_row - row,
                    row,
                    unit.start_column - column,
                )
            )
        self.ranges.sort()
        # Every anchored unit moved alike, none along its first line (an edit above them
        # all, the common case): (d_byte, d_row), which spans take without a search.
        first = self.ranges[0] if self.ranges else None
        self.uniform: tuple[int, int] | None = (
            (first[2], first[3])
            if first is not None
            and all(r[2] == first[2] and r[3] == first[3] and not r[5] for r in self.ranges)
            else None
        )

    def _find(self, byte: int) -> tuple[int, int, int, int, int, int]:
        for r in self.ranges:
            if r[0] <= byte <= r[1]:
                return r
        raise KeyError(byte)

    def byte(self, byte: int) -> int:
        return byte + self._find(byte)[2]

    def span(self, span: Span) -> Span:
        if self.uniform is not None:
            d_byte, d_row = self.uniform
            if not d_byte and not d_row:
                return span
            start, end = span.start, span.end
            if d_row:
                start, end = (
                    Point(start.row + d_row, start.column),
                    Point(end.row + d_row, end.column),
                )
            return Span(span.start_byte + d_byte, span.end_byte + d_byte, start, end)
        s, e = self._find(span.start_byte), self._find(span.end_byte)
        if not (s[2] or s[3] or s[5] or e[2] or e[3] or e[5]):
            return span
        return Span(
            span.start_byte + s[2],
            span.end_byte + e[2],
            self._point(span.start, s),
            self._point(span.end, e),
        )

    @staticmethod
    def _point(point: Point, r: tuple[int, int, int, int, int, int]) -> Point:
        d_row, column_too = r[3], r[5] and point.row == r[4]
        if not d_row and not column_too:
            return point  # same line, same column: the same object
        return Point(point.row + d_row, point.column + (r[5] if column_too else 0))


def _shifted(unit: Unit, now: dict[int, Unit], path: str) -> list[Finding]:
    """`unit`'s findings at the current positions (the same objects when nothing moved)."""
    if not unit.findings or _UNFOLLOWED in unit.anchors:
        return unit.findings  # (then it was analysed in this very run)
    for uid, then in unit.anchors.items():
        if _position(now[uid]) != then:
            break
    else:
        return unit.findings  # nothing it involves moved (a declaration above the edit)
    key = tuple((uid, _position(now[uid])) for uid in unit.anchors)
    if unit.shifted is not None and unit.shifted[0] == key:
        return unit.shifted[1]
    shift = _Shift(unit.anchors, now)
    findings = [_shift_finding(f, path, shift) for f in unit.findings]
    unit.shifted = (key, findings)
    return findings


class IncrementalAnalyzer:
    """One document's analysis, kept between versions."""

    def __init__(self) -> None:
        self._units: list[Unit] | None = None
        # SIBLING_CONSTRUCTS: per other file of the package, (the text read, its
        # functions' and methods' names that hold a construct).
        self._sibling_cache: dict[str, tuple[bytes, frozenset[bytes]]] = {}
        self.last_run_was_full = True
        self.reanalysed_units = 0
        # The last run kept declarations the edit did not touch although tree-sitter
        # regrouped them (see _keep_untouched): until the code is whole again, their
        # findings are those of the last version in which they parsed as they are.
        self.kept_through_reshape = False
        # Names declared by the units the last run found changed or removed;
        # None after a whole-file run (anything may have changed).
        self.touched_names: frozenset[str] | None = None
        # What the last run saw: the fixes of a finding are built against it.
        self._data: bytes | None = None
        self._settings: Settings | None = None
        self._shared_findings: list[Finding] = []

        # Names another file of the package re-declared since the last run.
        self._stale_names: set[str] = set()
        # Other files of the package that changed since the last run: a unit whose
        # findings point into one is analysed again (INTO_A_CHANGED_SIBLING).
        self._stale_paths: set[str] = set()
        # The units a stopped run (engine.Cancelled) did not get to: the next run
        # analyses them whatever changed, and keeps what the stopped run did finish.
        self._pending: set[int] = set()
        self._done: set[int] = set()
        # The units last analysed while half-typed code regrouped the file
        # (kept_through_reshape): the tree may have read them, or a declaration their
        # findings pair them with, as loose code, which no change of their text (nor of
        # any name or field) tells once it is whole again; the first run that is not a
        # reshape analyses them again.
        self._provisional: set[int] = set()
        self._finished = False  # the last run was not stopped (engine.Cancelled)
        # What stopped runs saw change (None: anything), told with the next finished run.
        self._untold_touched: frozenset[str] | None = frozenset()
        # Worked out by _plan for _run over the same units of one version: the copies of a
        # pasted declaration (_twins), and who declares each name and each uid's unit now.
        self._twins_now: dict[int, list[Unit]] | None = None
        self._index_now: tuple[dict[str, list[Unit]], dict[int, Unit]] | None = None
        # The units of the version whose file index is seeded, and the summaries the
        # index fills in when it is made (see _seed_index).
        self._seeded: tuple[list[Unit], list[index.Summary]] | None = None

    def reset(self) -> None:
        """Forget earlier results (settings changed, or the package in ways unknown)."""
        self._units = None
        self._data = None
        self._stale_names = set()
        self._stale_paths = set()
        self._pending = set()
        self._provisional = set()
        self._untold_touched = frozenset()

    def siblings_changed(self, names: Iterable[str] | None, path: str | None = None) -> None:
        """Declarations of `names` changed in another file of the package (`path`): the
        next run analyses again the units that mention them, and those whose findings
        point into that file (every unit when `names` is None)."""
        if names is None or self._units is None:
            self.reset()
        else:
            self._stale_names.update(names)
            if path is not None:
                self._stale_paths.add(path)

    def analyze(
        self, file: SourceFile, siblings: engine.Siblings = (), settings: Settings = DEFAULT
    ) -> FileReport:
        if file.is_generated and not settings.include_generated:
            self._units = None
            self._data = None
            return engine.analyze(file, siblings, settings)
        if self._units is not None and self._data is not None and self._finished:
            units = _units_reusing(file, self._units, self._data)
        else:
            units = _top_level_units(file)
        self.kept_through_reshape = False
        if self._units is not None and self._data is not None:
            kept = _keep_untouched(file, self._units, self._data, units)
            if kept is not None:
                units, self.kept_through_reshape = kept, True
        self.touched_names = None
        self._siblings = siblings
        self._twins_now = None  # _plan's, for _run
        self._index_now = None
        self._reworded: set[int] = set()  # dirty only for their wording: see _reword
        plan = self._plan(file, units)
        self._stale_names = set()
        self._stale_paths = set()
        if plan is None:
            for u in units:
                if u.names is None:
                    _fill_names(u)
            self.last_run_was_full = True
            # Everything but the package-level `var`s (analysed with each unit),
            # including ERROR nodes: half-typed code still holds constructs.
            dirty = [u for u in units if u.kind not in INERT_UNITS and u.kind not in SHARED_UNITS]
        else:
            self.last_run_was_full = False
            dirty = plan
        self.reanalysed_units = len(dirty)
        try:
            report = self._run(file, siblings, settings, units, dirty)
        except engine.Cancelled:
            self._keep_progress(file, settings, units, dirty)
            raise
        self._pending, self._finished = set(), True
        self.touched_names = _union(self._untold_touched, self.touched_names)
        self._untold_touched = frozenset()
        return report

    def _sibling_constructs(self, siblings: engine.Siblings) -> frozenset[bytes]:
        """The names of the other files' functions and methods whose text holds a
        construct (`_may_leak`'s test), read again only for a file whose text changed."""
        names: set[bytes] = set()
        live: dict[str, tuple[bytes, frozenset[bytes]]] = {}
        for sib in siblings() if callable(siblings) else siblings:
            hit = self._sibling_cache.get(sib.path)
            if hit is None or hit[0] is not sib.data:
                hit = (sib.data, _constructs_declared(sib))
            live[sib.path] = hit
            names |= hit[1]
        self._sibling_cache = live
        return frozenset(names)

    def _keep_progress(
        self, file: SourceFile, settings: Settings, units: list[Unit], dirty: list[Unit]
    ) -> None:
        """A run stopped by engine.Cancelled: keep the units it analysed, and mark the
        others of its plan as still to do. A newer version arrives after each stop;
        starting every time from the version before the first stop would never finish
        a file that takes longer to analyse than the user pauses between edits."""
        done = self._done
        self._pending, self._finished = {u.uid for u in dirty if u.uid not in done}, False
        self._note_provisional(units)
        self._untold_touched = _union(self._untold_touched, self.touched_names)
        for u in units:  # as a finished run does, while this tree is current
            if u.kind in DECLARATION_UNITS:
                _declares(file, u)
        _fill_sets(file, units)
        self._keep_summaries()
        self._units, self._data, self._settings = units, file.data, settings

    def _run(
        self,
        file: SourceFile,
        siblings: engine.Siblings,
        settings: Settings,
        units: list[Unit],
        dirty: list[Unit],
    ) -> FileReport:
        self._done = set()  # the dirty units analysed so far (see _keep_progress)
        self._seed_index(file, units)
        shared = [(u.start_byte, u.end_byte) for u in units if u.kind in SHARED_UNITS]
        if self._index_now is not None:  # _plan's: the same units, their uids already settled
            declared, now = self._index_now
            self._index_now = None
        else:
            declared = defaultdict(list)
            for u in units:
                for name in _names(u):
                    declared[name].append(u)
            now = {u.uid: u for u in units}
        starts = [u.start_byte for u in units]
        reworded = [u for u in dirty if u.uid in self._reworded]
        if len(reworded) > 1:
            done = _reword(file, siblings, settings, reworded, declared, units, starts, now)
            self._done |= done
            dirty = [u for u in dirty if u.uid not in done]
        twins = self._twins_now if self._twins_now is not None else _twins(units)
        self._twins_now = None
        plans = [(unit, _analysed_with(file, unit, declared, twins)) for unit in dirty]
        # As engine.analyze decides for the whole file (a scan of it: only when needed).
        file_may_leak = bool(plans) and engine.file_may_leak(file, Package(file, siblings))
        view = file
        if self.kept_through_reshape and plans:
            view = _cut_after(file, max(c.end_byte for u, cs in plans for c in (u, *cs.values())))
        elsewhere: frozenset[bytes] | None = None  # SIBLING_CONSTRUCTS, read when needed
        while plans:
            for unit, callees in plans:
                engine.checkpoint()  # between declarations: a newer version may be waiting
                skip = not file_may_leak or not (
                    _may_leak(unit) or any(_may_leak(c) for c in callees.values())
                )
                called = _called_outside(unit, declared) if skip and file_may_leak else frozenset()
                if called:
                    if elsewhere is None:
                        elsewhere = self._sibling_constructs(siblings)
                    skip = called.isdisjoint(elsewhere)
                if skip:
                    # No channel, goroutine, context or ticker in it or in what it calls:
                    # nothing can start here (a brace typed mid-file re-checks hundreds of
                    # such units). A call of a constructor that starts a goroutine
                    # (`l := NewLimiter()`, never stopped) has none in its own text.
                    unit.findings, unit.notes, unit.anchors, unit.shifted = [], [], {}, None
                    self._done.add(unit.uid)
                    continue
                ranges = [(unit.start_byte, unit.end_byte)]
                ranges += sorted((c.start_byte, c.end_byte) for c in callees.values())
                # Fixes are built when the lightbulb asks, not on every keystroke.
                found, unit.notes = engine.check_ranges(view, siblings, settings, ranges)
                _anchor(unit, found, file.path, [unit, *callees.values()], units, starts)
                self._done.add(unit.uid)
            # PARTNER_OF_A_FINDING: a finding here that points into a declaration it does
            # not name (`Write` locks in one order, `Flush` in the other: the two share
            # only fields) may have a mirror there that the previous version, read apart
            # by half-typed code, did not have (seed 4898). Those declarations are
            # analysed too, until none is left; the cost is one more declaration per
            # such finding on each edit of its unit.
            partners = _pointed_into(plans, file.path, units, starts, self._done)
            plans = [(u, _analysed_with(file, u, declared, twins)) for u in partners]
        report = FileReport(file.path)
        raw: list[Finding] = []
        self._shared_findings = []
        if shared:
            found, notes = engine.check_ranges(file, siblings, settings, shared)
            raw.extend(found)
            self._shared_findings = found
            report.notes.extend(notes)
        for unit in units:
            if unit.findings:
                raw.extend(_shifted(unit, now, file.path))
            if unit.notes:
                report.notes.extend(n for n in unit.notes if n not in report.notes)
        report.findings = engine.finish(file, raw, settings)
        for u in units:  # while this tree is current: a later edit may remove them
            if u.kind in DECLARATION_UNITS:
                _declares(file, u)
        _fill_sets(file, units)
        self._keep_summaries()
        self._note_provisional(units)
        self._units = units
        self._data, self._settings = file.data, settings
        return report

    def _note_provisional(self, units: list[Unit]) -> None:
        """The units this run analysed are provisional when it is a reshape, settled
        otherwise (see _provisional)."""
        if self.kept_through_reshape:
            self._provisional |= self._done
        elif self._provisional:
            self._provisional -= self._done
        if self._provisional:  # (not the uids of units gone since)
            self._provisional &= {u.uid for u in units}

    def _seed_index(self, file: SourceFile, units: list[Unit]) -> None:
        """The file's index of declarations (analysis.index), put together from the units'
        summaries kept across versions instead of read again from every declaration of
        the tree, if the analysis asks for it: the units are then this version's
        top-level nodes (but comments), in order, unless half-typed code made them
        otherwise (kept_through_reshape). See _keep_summaries."""
        self._seeded = None
        if self.kept_through_reshape:
            return
        declarations = []
        for u in units:
            if u.node is None:
                return
            declarations.append((u.node, u.summary))
        self._seeded = (units, index.seed_file_index(file, declarations))

    def _keep_summaries(self) -> None:
        """The summaries the index read while it was made (none if nothing asked for it:
        the units keep theirs, a new unit has none yet)."""
        if self._seeded is not None:
            units, summaries = self._seeded
            for unit, summary in zip(units, summaries):
                unit.summary = summary
            self._seeded = None

    def with_fixes(
        self,
        file: SourceFile,
        siblings: engine.Siblings = (),
        settings: Settings = DEFAULT,
        ranges: list[tuple[int, int]] | None = None,
    ) -> FileReport:
        """What a full analysis with fixes reports, the fixes built only for the findings of
        the top-level declarations in `ranges` (every finding when None).

        The other declarations' findings come from the last `analyze` of this very text,
        so the merge and the suppressions (and the removal of an unused one, GL100) see
        the whole file, exactly as `goleash fix` does, while the rules only run over the
        declarations asked about."""
        units = self._units
        if (
            ranges is None
            or units is None
            or not self._finished
            or self._data is not file.data
            or self._settings is not settings
        ):
            return engine.analyze(file, siblings, settings, with_fixes=True)
        declared: dict[str, list[Unit]] = defaultdict(list)
        for u in units:
            for name in _names(u):
                declared[name].append(u)
        wanted = [
            u
            for u in units
            if any(u.start_byte < end and start < u.end_byte for start, end in ranges)
        ]
        spans = {(u.start_byte, u.end_byte) for u in wanted}
        for unit in wanted:  # with the functions they name, as `analyze` checks them
            if unit.kind in INERT_UNITS:
                continue
            spans.update(
                (c.start_byte, c.end_byte)
                for n in _mentions(file, unit)
                for c in declared.get(n, ())
            )
        fresh, notes = (
            engine.check_ranges(file, siblings, settings, sorted(spans), with_fixes=True)
            if spans
            else ([], [])
        )
        raw = list(fresh)  # first: the merge keeps the first of equal findings, fixes and all
        raw.extend(self._shared_findings)
        now = {u.uid: u for u in units}
        for u in units:
            raw.extend(_shifted(u, now, file.path))
        report = FileReport(file.path)
        report.notes.extend(notes)
        report.findings = engine.finish(file, raw, settings, with_fixes=True)
        return report

    def _carry_cosmetic(
        self,
        file: SourceFile,
        old: list[Unit],
        units: list[Unit],
        now: dict[int, Unit],
        cosmetic: dict[int, Unit],
        touched_names: frozenset[str],
    ) -> set[int]:
        """The uids of the declarations whose code did not change (comments, blank lines,
        spaces: see _cosmetic_pairs) that keep their previous version's findings, carried
        over the edit to where they are now, instead of being analysed again."""
        if self._data is None or not self._finished:
            return set()
        path = file.path
        region = _edited_region(self._data, file.data)
        start, old_end, new_end = region
        rows = file.data.count(b"\n", start, new_end) - self._data.count(b"\n", start, old_end)
        then = {u.uid: u for u in old}
        starts = [u.start_byte for u in units]
        carried = set()
        for unit in [u for u in units if id(u) in cosmetic]:
            previous = cosmetic[id(unit)]
            if previous.uid in self._pending or previous.uid in self._provisional:
                continue
            unit.mentions = previous.mentions
            if touched_names and _mentions(file, unit) & touched_names:
                continue  # a function it names changed too
            others = [uid for uid in previous.anchors if uid != previous.uid]
            if any(uid not in then or uid not in now for uid in others):
                continue  # analysed with, or pointing into, a declaration that changed
            try:
                findings = _carried(_shifted(previous, then, path), path, file, region, rows)
            except _Unmovable:
                continue
            analysed_with = [unit, *(now[uid] for uid in others)]
            _anchor(unit, findings, path, analysed_with, units, starts)
            unit.notes = previous.notes
            carried.add(unit.uid)
        return carried

    def _plan(self, file: SourceFile, units: list[Unit]) -> list[Unit] | None:
        """The units to re-analyse (carrying over the others' findings), or None
        when the whole file must be."""
        old = self._units
        if old is None:
            return None
        # The declarations before the edit are the previous version's very objects
        # (_units_reusing): matched to themselves, as matching by text would.
        same = 0
        limit = min(len(old), len(units))
        while same < limit and units[same] is old[same]:
            same += 1
        by_text: dict[bytes, deque[int]] = defaultdict(deque)
        for i in range(same, len(old)):
            by_text[old[i].text].append(i)
        moved: dict[int, Unit] = {i: units[i] for i in range(same)}
        changed: list[Unit] = []
        for unit in itertools.islice(units, same, None):
            candidates = by_text.get(unit.text)
            if candidates:
                i = candidates.popleft()
                moved[i] = unit
                previous = old[i]
                unit.names, unit.mentions, unit.declares = (
                    previous.names,
                    previous.mentions,
                    previous.declares,
                )
                unit.sets = previous.sets
                unit.uid, unit.findings, unit.notes = (
                    previous.uid,
                    previous.findings,
                    previous.notes,
                )
                unit.anchors, unit.shifted = previous.anchors, previous.shifted
                unit.twin, unit.may_leak = previous.twin, previous.may_leak
                if unit.kind == previous.kind:
                    unit.summary = previous.summary
            else:
                changed.append(unit)
        for unit in changed:
            if unit.names is None:
                _fill_names(unit)
        removed = [old[i] for i in range(same, len(old)) if i not in moved]
        for u in changed + removed:
            if u.kind in WHOLE_FILE_UNITS or u.kind not in KNOWN_UNITS:
                return None
        # Half-typed code above every declaration may be (or have been) the imports
        # (`impor(t (`), and anything before the package clause changes how the file's
        # package is read: a head that is not the same units as before (one changed,
        # gone, new, or a `}` typed at the top taken for the same `}` further down)
        # re-runs the whole file, as a change to an import does.
        if [u.uid for u in _head(units)] != [u.uid for u in _head(old)]:
            return None
        # A declaration whose code did not change (a comment typed, a blank line, spaces)
        # means what it meant: its names and fields touch no other declaration. Not in a
        # file with a syntax error anywhere (BROKEN_FILES_CARRY_NOTHING): tree-sitter's
        # recovery of the broken part may read the file otherwise after any edit, a
        # comment typed elsewhere included (seed 5031: a broken `type Cache "struct {`).
        cosmetic = {} if file.root.has_error else _cosmetic_pairs(changed, removed)
        touched: set[str] = set()
        for u in changed:
            if id(u) in cosmetic:
                continue
            touched |= _names(u) | (
                _declares(file, u) if u.kind in DECLARATION_UNITS else frozenset()
            )
        for u in removed:
            if id(u) in cosmetic:
                continue
            touched |= _names(u) | (u.declares or frozenset())
        fields = _fields_touched(file, changed, removed)
        if fields:  # (the declarations' text is read only then)
            declared_text = b"\n".join(
                u.text for u in units if u.kind in DECLARATION_UNITS or u.kind == "ERROR"
            )
            touched |= _followed(fields, declared_text, self._siblings)
        touched |= _guard_fields(changed, removed, cosmetic)
        touched |= _stoppers_types(changed, removed, cosmetic)
        touched |= self._stale_names  # changed in another file: their users here are stale
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
        # CALLERS_READ: some findings of a function depend on how the package calls it
        # (GL013's CALLERS_IN_VIEW, RUN_ONCE_BY_MAIN): the functions a changed or removed
        # declaration named, before or after the edit, are analysed again.
        called: set[str] = set()
        for u in changed:
            if id(u) not in cosmetic:
                called |= _mentions(file, u)
        for u in removed:
            if id(u) not in cosmetic:
                called |= u.mentions if u.mentions is not None else _spelled_names(u.text)
        now = {u.uid: u for u in units}
        declared: dict[str, list[Unit]] = defaultdict(list)
        for u in units:
            for name in _names(u):
                declared[name].append(u)
        self._index_now = (declared, now)
        # CALLEES_OF_CALLEES: a finding in `drain` may be reached from a goroutine of the
        # changed `Run` through `process` (GL028 follows calls MAX_DEPTH deep): the
        # functions named by what the changed declarations name are read as named too.
        frontier = set(called)
        for _depth in range(_CALLEE_DEPTH):
            more: set[str] = set()
            for name in frontier:
                for u in declared.get(name, ()):
                    if u.kind in ("function_declaration", "method_declaration"):
                        more |= _mentions(file, u)
            frontier = more - called
            if not frontier:
                break
            called |= frontier
        dirty = [u for u in changed if u.kind not in INERT_UNITS and u.kind not in SHARED_UNITS]
        carried_units: list[Unit] = []
        if cosmetic:
            carried = self._carry_cosmetic(file, old, units, now, cosmetic, touched_names)
            carried_units = [u for u in dirty if u.uid in carried]
            dirty = [u for u in dirty if u.uid not in carried]
        for unit in moved.values():
            if unit.kind in SHARED_UNITS:
                continue  # analysed with every run
            if unit.uid in self._pending:
                dirty.append(unit)  # a stopped run did not get to it
                continue
            if unit.uid in self._provisional and not self.kept_through_reshape:
                dirty.append(unit)  # analysed while the tree read it, or its partners, apart
                continue
            if (
                unit.kind not in INERT_UNITS
                and touched_names
                and (_mentions(file, unit) & touched_names)
            ):
                dirty.append(unit)
                continue
            if (
                called
                and unit.kind in ("function_declaration", "method_declaration")
                and not called.isdisjoint(_names(unit))
                and _may_leak(unit)
            ):
                dirty.append(unit)  # CALLERS_READ
                continue
            if not unit.findings:
                continue
            if self._stale_paths and _points_into(unit.findings, self._stale_paths):
                dirty.append(unit)  # INTO_A_CHANGED_SIBLING: its partner there changed
                continue
            if not unit.anchors.keys() <= now.keys():
                dirty.append(unit)  # a finding pointed into a unit that changed
                continue
            if _cites_moved_line(file, unit, now, declared):
                # "the return at line 38" cannot be re-based by offsets alone.
                dirty.append(unit)
                self._reworded.add(unit.uid)
        # A unit analysed together with one that is analysed again (`go s.Put()` with
        # `Put`, which mentions a changed type): its findings came partly from there.
        # So is a unit carried over a cosmetic change (CARRIED_WITH_A_CHANGED_PARTNER: a
        # `}` re-indented in `runBatch` while the type its `NewPool` returns was fixed).
        again = {u.uid for u in dirty}
        listed = set(again)
        for unit in [*moved.values(), *carried_units] if again else ():
            if (
                unit.uid not in listed
                and unit.kind not in SHARED_UNITS
                and unit.kind not in INERT_UNITS
                and not again.isdisjoint(unit.anchors)
            ):
                dirty.append(unit)
                listed.add(unit.uid)
        # Copies of one declaration (a paste) are analysed together: when one changes,
        # appears or goes, the others' findings change with it.
        twins = self._twins_now = _twins(units)
        if twins:
            keys = {_twin_key(u) for u in changed + removed} - {None}
            for unit in units:
                if unit.uid not in listed and (
                    _twin_key(unit) in keys or any(t.uid in listed for t in twins.get(id(unit), ()))
                ):
                    dirty.append(unit)
                    listed.add(unit.uid)
        return dirty


def _analysed_with(
    file: SourceFile, unit: Unit, declared: dict[str, list[Unit]], twins: dict[int, list[Unit]]
) -> dict[int, Unit]:
    """The declarations a unit is analysed together with, by id."""
    # A finding may pair a construct here with one in a function this unit names
    # (`go s.loop()` here, the empty `select` in `loop`), so those are in range too;
    # duplicates merge like in a full run.
    callees = {
        id(c): c for n in _mentions(file, unit) for c in declared.get(n, ()) if c is not unit
    }
    # A declaration pasted twice: a full run resolves the name once, so the copies are
    # checked together, as it sees them (see _twins).
    callees.update((id(t), t) for t in twins.get(id(unit), ()))
    return callees


def _cut_after(file: SourceFile, end: int) -> SourceFile:
    """The file up to `end`, where what is analysed ends, while half-typed code keeps
    the declarations after the edit (a `{` makes tree-sitter read the rest of the file
    as the edited function's body): the rules then build their scopes over that
    function, not over the whole rest of the file inside it (80 ms on a 5,000-line
    file, against 1-2 ms to parse the part before `end`). Offsets and lines are the
    file's own. The whole file when little would be cut: the part kept is parsed
    again, which costs about a quarter of what the scopes cost per byte."""
    if len(file.data) - end <= end // 4:
        return file
    return SourceFile(file.path, file.data[:end])


def _twin_key(unit: Unit) -> bytes | None:
    """What a function or method declares, as written (`func (s *Server) Start`)."""
    key = unit.twin
    if key is _UNREAD:
        key = None
        if unit.kind in FUNCTION_UNITS:
            m = _FUNC_NAME.match(unit.text)
            key = b"".join(m.group(0).split()) if m else None
        unit.twin = key
    return key  # type: ignore[return-value]  # bytes or None once read


def _twins(units: list[Unit]) -> dict[int, list[Unit]]:
    """id of each function declared more than once (the same receiver and name, as a
    paste leaves it) -> its other copies. A whole-file run resolves such a name to one
    of them (GL009 lists one start of two pasted `go s.loop()`), a check of each alone
    finds its own: checked together they give what the whole file gives."""
    # Copies are rare: when no two functions declare the same as written, there are
    # none (equal names need equal keys: both are read from the declaration's head).
    keys = [
        u.twin if u.twin is not _UNREAD else _twin_key(u)  # read once, kept across versions
        for u in units
        if u.kind in FUNCTION_UNITS
    ]
    if len(set(keys)) == len(keys):
        return {}
    groups: dict[tuple[frozenset[str], bytes], list[Unit]] = defaultdict(list)
    for u in units:
        if u.kind in FUNCTION_UNITS:
            key = _twin_key(u)
            if key is not None:
                groups[(_names(u), key)].append(u)
    return {
        id(u): [t for t in group if t is not u]
        for group in groups.values()
        if len(group) > 1
        for u in group
    }


# What a rule may start from, in any layout: looser than engine.could_leak's substrings,
# which are tuned for gofmt'ed code and decide for a whole file at once.
_CONSTRUCT = re.compile(
    rb"\bgo\b|\bchan\b|<-|Lock\(|\.Wait\(|\.Go\(|\.Do\(|context\.With|NewTicker|\brange\b"
)


_CALLED_NAME = re.compile(rb"\b([A-Za-z_]\w*)\s*\(")


def _called_outside(unit: Unit, declared: dict[str, list[Unit]]) -> frozenset[bytes]:
    """SIBLING_CONSTRUCTS: the names the unit calls (a name before a parenthesis) that
    this file does not declare: a function or method of another file of the package
    may hold the construct (`m := NewManager()`, `m.Add(...)`, the goroutine and the
    channel in manager.go), and a full analysis follows it all the same. Only those
    names send the analysis to the other files, as the engine itself reads them only
    for a name the file does not resolve."""
    return frozenset(
        m.group(1)
        for m in _CALLED_NAME.finditer(unit.text)
        if m.group(1).decode("utf-8", "replace") not in declared
    )


def _constructs_declared(file: SourceFile) -> frozenset[bytes]:
    """The names of the file's functions and methods whose text holds a construct."""
    return frozenset(
        m.group(1)
        for decl in file.root.children
        if decl.type in ("function_declaration", "method_declaration")
        and (m := _FUNC_NAME.match(decl.text or b"")) is not None
        and (engine.could_leak(decl.text or b"") or _CONSTRUCT.search(decl.text or b"") is not None)
    )


def _spelled_names(text: bytes) -> frozenset[str]:
    """The identifiers a removed declaration's text spells (its tree is gone)."""
    return frozenset(m.decode("utf-8", "replace") for m in _IDENTIFIER_TEXT.findall(text))


_IDENTIFIER_TEXT = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def _may_leak(unit: Unit) -> bool:
    """Can one declaration of a file that passed engine.could_leak as a whole hold a
    construct a rule starts from? The file may pass through another declaration (a
    `.Lock()` there) while this one holds what the file test does not look for (a read
    lock taken twice, GL016, has only `.RLock()`; `done go f()` in half-typed code has
    no tab before its `go`): a full analysis checks it all the same, so must this.
    Kept on the unit: a keystroke asks it of every caller and callee analysed again."""
    if unit.may_leak is None:
        text = unit.text
        unit.may_leak = engine.could_leak(text) or _CONSTRUCT.search(text) is not None
    return unit.may_leak


def _head(units: list[Unit]) -> list[Unit]:
    """The units before the file's first declaration after its package clause (before
    its first declaration when it has none), where only the package clause and the
    imports may be."""
    start = next((i for i, u in enumerate(units) if u.kind == "package_clause"), 0)
    for i in range(start, len(units)):
        if units[i].kind in FUNCTION_UNITS or units[i].kind in DECLARATION_UNITS:
            return units[:i]
    return units


def _union(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Names touched by two runs (None: anything)."""
    return None if a is None or b is None else a | b


def _callees(file: SourceFile, unit: Unit, declared: dict[str, list[Unit]]) -> list[Unit]:
    return list(
        {
            id(c): c for n in _mentions(file, unit) for c in declared.get(n, ()) if c is not unit
        }.values()
    )


def _reword(
    file: SourceFile,
    siblings: engine.Siblings,
    settings: Settings,
    reworded: list[Unit],
    declared: dict[str, list[Unit]],
    units: list[Unit],
    starts: list[int],
    now: dict[int, Unit],
) -> set[int]:
    """Units that only moved, whose findings name lines, worded again with one run of
    the rules over all of them (one package index, one query per rule, instead of one
    of each per unit). Their text did not change, so each finding comes back at the
    same place with new line numbers: a unit takes the new wording when every one of
    its findings is found again; the others (the uids not returned) are analysed alone."""
    spans = set()
    callees = {}
    for unit in reworded:
        callees[unit.uid] = _callees(file, unit, declared)
        spans.add((unit.start_byte, unit.end_byte))
        spans.update((c.start_byte, c.end_byte) for c in callees[unit.uid])
    found, notes = engine.check_ranges(file, siblings, settings, sorted(spans))
    if notes:
        return set()  # a rule failed: per unit, so the note lands where it belongs
    by_place: dict[_Place, Finding] = {}
    for f in found:
        by_place.setdefault(_place(f), f)
    done = set()
    for unit in reworded:
        wanted = [_place(f) for f in _shifted(unit, now, file.path)]
        if all(w in by_place for w in wanted):
            unit.notes = []
            _anchor(
                unit,
                [by_place[w] for w in wanted],
                file.path,
                [unit, *callees[unit.uid]],
                units,
                starts,
            )
            done.add(unit.uid)
    return done


# A finding but for its wording: code, location, severity, related locations.
_Place = tuple[str, Location, Severity, tuple[Location, ...]]


def _place(f: Finding) -> _Place:
    """A finding but for its wording."""
    return (f.code, f.location, f.severity, tuple(r.location for r in f.related))


def _cites_moved_line(
    file: SourceFile, unit: Unit, now: dict[int, Unit], declared: dict[str, list[Unit]]
) -> bool:
    """May a finding of this unit name a line that is now another line? Its lines are
    in the units it was analysed with (itself, the functions it names) or points into;
    one of those moved up or down since, or a function it names is new."""
    for f in unit.findings:
        if f.cites_lines:
            break
    else:
        return False
    if any(
        c.uid not in unit.anchors
        for n in _mentions(file, unit)
        for c in declared.get(n, ())
        if c is not unit
    ):
        return True
    # The None of an _UNFOLLOWED anchor never gets here: its uid (-1) is in no `now`, so the unit is dirty.
    if not any(now[uid].start_row != then[2] for uid, then in unit.anchors.items()):  # type: ignore[index]
        return False
    # Lines that only moved are counted anew when the findings are shifted.
    return not all(_rewordable(f, unit.anchors) for f in unit.findings if f.cites_lines)


def _rewordable(f: Finding, anchors: dict[int, tuple[int, int, int, int] | None]) -> bool:
    """Does every `line N` of the wording have a citation inside an anchored unit?"""
    cited = {n for n, _ in f.citations}
    texts = [f.message, *(r.message for r in f.related)]
    if any(int(m.group(1)) not in cited for t in texts for m in CITED_LINE.finditer(t)):
        return False
    return all(
        any(a[0] <= off <= a[1] for a in anchors.values() if isinstance(a, tuple))
        for _, off in f.citations
    )


def _reworded_lines(
    f: Finding, shift: _Shift
) -> tuple[str, tuple[str, ...], tuple[tuple[int, int], ...]]:
    """(message, related notes, citations) with each cited line counted where it is now."""
    moved = {}
    citations = []
    for n, off in f.citations:
        try:
            r = shift._find(off)
        except KeyError:
            return f.message, tuple(r.message for r in f.related), f.citations
        moved[n] = n + r[3]
        citations.append((n + r[3], off + r[2]))
    if all(n == m for n, m in moved.items()):
        return f.message, tuple(r.message for r in f.related), f.citations

    def sub(text: str) -> str:
        return CITED_LINE.sub(lambda m: f"line {moved.get(int(m.group(1)), int(m.group(1)))}", text)

    return sub(f.message), tuple(sub(r.message) for r in f.related), tuple(citations)


def _shift_location(loc: Location, path: str, shift: _Shift) -> Location:
    if loc.path != path:
        return loc  # in another file of the package: not moved by this edit
    span = shift.span(loc.span)
    return loc if span is loc.span else Location(loc.path, span)


def _shift_edit(e: TextEdit, path: str, shift: _Shift) -> TextEdit:
    if e.path is not None and e.path != path:
        return e  # an edit of another file of the package: this file's changes do not move it
    return replace(e, start_byte=shift.byte(e.start_byte), end_byte=shift.byte(e.end_byte))


def _shift_finding(f: Finding, path: str, shift: _Shift) -> Finding:
    location = _shift_location(f.location, path, shift)
    same = location is f.location  # and so far every related note as it was
    related = f.related
    if related:
        moved = []
        for r in related:
            loc = _shift_location(r.location, path, shift)
            if loc is not r.location:
                r, same = Related(loc, r.message), False
            moved.append(r)
        related = tuple(moved)
    fixes = (
        tuple(
            replace(fix, edits=tuple(_shift_edit(e, path, shift) for e in fix.edits))
            for fix in f.fixes
        )
        if f.fixes
        else f.fixes
    )
    message, notes, citations = (
        _reworded_lines(f, shift) if f.citations else (f.message, None, f.citations)
    )
    if notes is not None and citations is not f.citations:
        reworded = tuple(
            r if note == r.message else Related(r.location, note) for r, note in zip(related, notes)
        )
        same = same and all(a is b for a, b in zip(reworded, related))
        related = reworded
    if same and fixes == f.fixes and message == f.message:
        return f
    return Finding(
        f.code,
        f.name,
        message,
        location,
        f.severity,
        related,
        fixes,
        f.cites_lines,
        citations,
        f.origin,
    )


def declaration_ranges(file: SourceFile, spans: Iterable[Span]) -> list[tuple[int, int]]:
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


def may_use(data: bytes, names: Iterable[str]) -> bool:
    """Can a file with this text refer to one of `names`? (A substring test: it may say
    yes for a comment, never no for a use.)"""
    return any(name.encode() in data for name in names)


__all__ = [
    "IncrementalAnalyzer",
    "declaration_ranges",
    "declared_functions",
    "function_around",
    "may_use",
]
