"""What a package declares at top level, per file and cached on the file: the names the
model resolves calls, types, fields and constants through.

One walk over the top level per file, kept on the `SourceFile` object: the CLI shares a
directory's files between the analyses of each of them, and the language server
keeps unchanged sibling files, so a package is indexed once, not once per file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from tree_sitter import Node

from goleash import gosyntax
from goleash.source import WORD_BYTES, SourceFile, word_starts


@dataclass
class FileIndex:
    functions: dict[str, list[Node]] = field(default_factory=dict)  # name -> [function_declaration]
    methods: dict[str, list[tuple[str | None, Node]]] = field(
        default_factory=dict
    )  # name -> [(receiver type, method_declaration)]
    types: dict[str, Node] = field(
        default_factory=dict
    )  # name -> type node (struct_type, interface_type, ...)
    consts: dict[str, Node | None] = field(
        default_factory=dict
    )  # name -> value expression (None: iota-implied)
    globals: dict[str, tuple[Node | None, Node | None]] = field(
        default_factory=dict
    )  # name -> (type node, value expression)
    by_receiver: dict[str, list[Node]] = field(
        default_factory=dict
    )  # receiver type -> [method_declaration]


def receiver_name(method: Node) -> str | None:
    """The receiver's name in `func (r *T) m()`; None when it is unnamed or blank."""
    recv = method.child_by_field_name("receiver")
    for param in recv.named_children if recv is not None else ():
        names = [c for c in param.named_children if c.type == "identifier"]
        if len(names) == 1:
            return gosyntax.text(names[0])
    return None


def receiver_type_name(method: Node) -> str | None:
    recv = method.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else ():
        t = p.child_by_field_name("type")
        while t is not None and t.type in ("pointer_type", "generic_type", "parenthesized_type"):
            t = (
                t.child_by_field_name("type")
                if t.type == "generic_type"
                else (t.named_children[0] if t.named_children else None)
            )
        if t is not None and t.type == "type_identifier":
            return gosyntax.text(t)
    return None


def file_index(file: SourceFile) -> FileIndex:
    cached: FileIndex | None = file.__dict__.get("_goleash_index")
    if cached is not None:
        return cached
    idx = FileIndex()
    seeds = file.__dict__.pop("_goleash_index_seeds", None)
    if seeds is not None:  # see seed_file_index
        declarations, summaries = seeds
        summaries[:] = [_index_declaration(idx, node, known) for node, known in declarations]
    else:
        # Declarations are children of source_file, their specs one or two levels deeper:
        # a walk over those is a small fraction of a query over the whole tree, which
        # matters on every keystroke in a large file.
        for node in file.root.children:
            _index_declaration(idx, node, None)
    file.__dict__["_goleash_index"] = idx
    return idx


# What a function or method declaration puts in the index, read from its text alone:
# ("function", name) or ("method", name, receiver type), the name None when the node
# has none; ("",) for a type, const or var declaration, whose entries are nodes inside
# it (read again each time); None for anything else. Another version of the file with
# the same declaration (the same bytes, the same kind) indexes it the same.
Summary = tuple[str, str | None] | tuple[str, str | None, str | None] | tuple[str] | None
_RE_READ: Summary = ("",)


def _index_declaration(idx: FileIndex, node: Node, known: Summary) -> Summary:
    """Index one top-level node; `known` is its summary from a version where it had the
    same text (None when not known). Returns its summary."""
    kind = node.type
    if kind == "function_declaration":
        if known is None or known[0] != "function":
            name = node.child_by_field_name("name")
            known = ("function", gosyntax.text(name) if name is not None else None)
        function = known[1]  # type: ignore[misc]  # a function's summary has two parts
        if function is not None:
            idx.functions.setdefault(function, []).append(node)
        return known
    if kind == "method_declaration":
        if known is None or known[0] != "method":
            name = node.child_by_field_name("name")
            known = (
                ("method", gosyntax.text(name), receiver_type_name(node))
                if name is not None
                else ("method", None, None)
            )
        method, receiver = known[1], known[2]  # type: ignore[misc]  # three parts
        if method is not None:
            idx.methods.setdefault(method, []).append((receiver, node))
            if receiver is not None:
                idx.by_receiver.setdefault(receiver, []).append(node)
        return known
    if kind in ("type_declaration", "const_declaration", "var_declaration"):
        for spec in _specs(node):
            _index_spec(idx, spec)
        return _RE_READ
    return None


def seed_file_index(file: SourceFile, declarations: list[tuple[Node, Summary]]) -> list[Summary]:
    """Have `file_index(file)` put the index together from `file`'s top-level nodes
    (every child of its root but comments, in order), each with its summary from an
    earlier version of the same text (None when unknown): a function or method already
    summarised is indexed without reading its node again. The index is what a walk of
    the tree gives, made on first use (an analysis that asks nothing of it costs
    nothing). The list returned gets each declaration's summary then, for the next
    version; it stays empty while the index is not made."""
    summaries: list[Summary] = []
    if "_goleash_index" not in file.__dict__:
        file.__dict__["_goleash_index_seeds"] = (declarations, summaries)
    return summaries


_SPEC_LISTS = frozenset({"var_spec_list", "const_spec_list", "type_spec_list"})


def _specs(declaration: Node) -> Iterator[Node]:
    for child in declaration.named_children:
        if child.type in _SPEC_LISTS:
            yield from child.named_children
        else:
            yield child


def _index_spec(idx: FileIndex, spec: Node) -> None:
    kind = spec.type
    if kind == "type_spec":
        name, type_node = spec.child_by_field_name("name"), spec.child_by_field_name("type")
        if name is not None and type_node is not None:
            idx.types[gosyntax.text(name)] = type_node
    elif kind in ("const_spec", "var_spec"):
        values = spec.child_by_field_name("value")
        vals = list(values.named_children) if values is not None else []
        for i, n in enumerate(spec.children_by_field_name("name")):
            value = vals[i] if i < len(vals) else None
            if kind == "const_spec":
                idx.consts[gosyntax.text(n)] = value
            else:
                idx.globals[gosyntax.text(n)] = (spec.child_by_field_name("type"), value)


# MAY_DECLARE_BY_TEXT: a file is parsed to look a name up only when its text could
# declare it at top level, so the files of a package that no goroutine needs are
# never parsed. The test is a superset of what tree-sitter would index: the name as a
# whole word where its kind of declaration puts it (see _DECLARING_SPOTS). Trade-off:
# a comment between the keyword and the name (`func /* x */ f()`) hides the
# declaration, which then resolves as unknown code; nobody writes that.


@dataclass(frozen=True)
class _Spots:
    keywords: tuple[bytes, ...] = ()  # right after one of these (`func f`, `type T`)
    line_start: bool = False  # first on its line: a member of a `type (...)` group
    comma: bool = False  # after a comma: `var a, b int`
    # (Neither when a selector, call, `:=` or label follows: USED_NOT_DECLARED.)
    close_paren: bool = False  # after the receiver's `)`: `func (s *S) m()`


_DECLARING_SPOTS = {
    "functions": _Spots(keywords=(b"func",)),
    "methods": _Spots(close_paren=True),
    "types": _Spots(keywords=(b"type",), line_start=True),
    "consts": _Spots(keywords=(b"const",), line_start=True, comma=True),
    "globals": _Spots(keywords=(b"var",), line_start=True, comma=True),
}
_BLANKS = b" \t"
_LINE_ENDS = b"\n\r"


def may_declare(data: bytes, word: bytes, spots: _Spots) -> bool:
    for i in word_starts(data, word):
        j = i - 1
        while j >= 0 and data[j] in _BLANKS:
            j -= 1
        before = data[j : j + 1]
        if (
            (
                (
                    (spots.line_start and (j < 0 or before in _LINE_ENDS))
                    or (spots.comma and before == b",")
                )
                and not _used_not_declared(data, i + len(word))
            )
            or (spots.close_paren and before == b")")
            or (j + 1 < i and _after_keyword(data, j + 1, spots.keywords))
        ):
            return True
    return False


def _used_not_declared(data: bytes, end: int) -> bool:
    """USED_NOT_DECLARED: a word at the start of a line or after a comma that a selector,
    a call, `:=` or a label follows (`os.Exit(1)`, `n := 0`, `f(a, b.c)`) names
    something; a grouped declaration's name never stands so. Trade-off: none for valid
    Go (a name a spec declares is followed by a blank, `,`, `=`, a type or `[`); it
    spares parsing the files of a package whose lines merely start with the word."""
    after = data[end : end + 1]
    if after in (b".", b"("):
        return True
    while after in (b" ", b"\t"):
        end += 1
        after = data[end : end + 1]
    return after == b":"


def declaring_words(data: bytes, spots: _Spots) -> frozenset[bytes]:
    """Every whole word standing after one of `spots.keywords` or after a `)`, as
    may_declare reads them (spots with `line_start` or `comma` are not for this: nearly
    every word of a file stands there). One regular expression per spot, each starting
    with a literal so that the search runs in C, instead of a Python loop over every
    place a looked-up name is spelled (a package's method names are asked of each of
    its files)."""
    assert not (spots.line_start or spots.comma)
    words: set[bytes] = set()
    for keyword in spots.keywords:
        for m in re.finditer(re.escape(keyword) + rb"[ \t]+" + _WORD, data):
            if m.start() == 0 or data[m.start() - 1] not in WORD_BYTES:
                words.add(m.group(1))
    if spots.close_paren:
        words.update(re.findall(rb"\)[ \t]*" + _WORD, data))
    return frozenset(words)


def function_words(f: SourceFile) -> frozenset[bytes]:
    """The words a `func` keyword stands before: a superset of the file's function names
    (read once per file: each package set holding the file asks again)."""
    return _declaring_words(f, "functions", _DECLARING_SPOTS["functions"])


def method_words(f: SourceFile) -> frozenset[bytes]:
    """The words standing after a `)`: a superset of the file's method names."""
    return _declaring_words(f, "methods", _DECLARING_SPOTS["methods"])


_WORD = rb"([A-Za-z0-9_\x80-\xff]+)"


def _declaring_words(f: SourceFile, table: str, spots: _Spots) -> frozenset[bytes]:
    """declaring_words of a file, found once per file and table and kept on it."""
    return f.memo(("declaring-words", table), lambda g: declaring_words(g.data, spots))


def _after_keyword(data: bytes, end: int, keywords: tuple[bytes, ...]) -> bool:
    for keyword in keywords:
        start = end - len(keyword)
        if data[start:end] == keyword and (start == 0 or data[start - 1] not in WORD_BYTES):
            return True
    return False


class PackageIndex:
    """The package's declarations by name: a name is looked up once (for all the
    analyses sharing the index) in the indexes of the files that may declare it,
    parsing a file only then (MAY_DECLARE_BY_TEXT); every later lookup of it is one
    dictionary access."""

    _LISTS = frozenset({"functions", "methods", "by_receiver"})

    def __init__(self, files: list[SourceFile]) -> None:
        # Path order: where two files declare a name (builds for other systems), the
        # first is kept; callers ask the file under analysis first.
        self.files = sorted(files, key=lambda f: f.path)
        self._by_name: dict[tuple[str, str], list[tuple[SourceFile, Any]]] = {}
        # Package-wide facts an analysis derives once for every file sharing the index.
        self.derived: dict[str, object] = {}

    # An entry's type is that of its table in FileIndex.
    @overload
    def lookup(
        self, table: Literal["functions", "types", "by_receiver"], name: str
    ) -> list[tuple[SourceFile, Node]]: ...
    @overload
    def lookup(
        self, table: Literal["methods"], name: str
    ) -> list[tuple[SourceFile, tuple[str | None, Node]]]: ...
    @overload
    def lookup(
        self, table: Literal["consts"], name: str
    ) -> list[tuple[SourceFile, Node | None]]: ...
    @overload
    def lookup(
        self, table: Literal["globals"], name: str
    ) -> list[tuple[SourceFile, tuple[Node | None, Node | None]]]: ...
    @overload
    def lookup(self, table: str, name: str) -> list[tuple[SourceFile, object]]: ...
    def lookup(self, table: str, name: str) -> list[tuple[SourceFile, Any]]:
        """[(file, entry)] for `name` in `table` across the files, in path order."""
        key = (table, name)
        found = self._by_name.get(key)
        if found is None:
            found = self._by_name[key] = self._find(table, name)
        return found

    def _find(self, table: str, name: str) -> list[tuple[SourceFile, Any]]:
        if not name.isidentifier():
            return []  # `sync.WaitGroup`, `*T`: never a name the package declares
        lists = table in self._LISTS
        found: list[tuple[SourceFile, Any]] = []
        for f in self._may_declare(table, name):
            entry = getattr(file_index(f), table).get(name)
            if entry is None:
                continue
            if lists:
                found.extend((f, e) for e in entry)
            else:
                found.append((f, entry))
        return found

    def _may_declare(self, table: str, name: str) -> list[SourceFile]:
        """The files that may declare `name` in `table`: a file already parsed is asked
        its index, another only when its text could (MAY_DECLARE_BY_TEXT)."""
        word = name.encode()
        spots = _DECLARING_SPOTS.get(table)
        if spots is None:  # by_receiver: the type's name is spelled in the receiver
            return [f for f in self.files if f.parsed or f.spells(word)]
        if spots.line_start or spots.comma:
            return [f for f in self.files if f.parsed or may_declare(f.data, word, spots)]
        return [f for f in self.files if f.parsed or word in _declaring_words(f, table, spots)]


def package_index(files: list[SourceFile]) -> PackageIndex:
    """The index of `files`, shared by every analysis over the same files: the CLI
    analyses each file of a directory with the same package around it."""
    key = tuple(sorted(id(f) for f in files))
    hit = _RECENT.get(key)
    if hit is not None:
        return hit
    # The index holds the files, which keeps their ids from being reused.
    index = _RECENT[key] = PackageIndex(files)
    while len(_RECENT) > _RECENT_PACKAGES:
        _RECENT.pop(next(iter(_RECENT)))
    return index


# A few packages are kept: the CLI works through one directory at a time, with up to
# a dozen builds (one per OS) whose sibling sets differ, and the language server
# re-checks the open files of one package after another. Trade-off: the trees of
# up to this many superseded packages stay in memory.
_RECENT_PACKAGES = 16
_RECENT: dict[tuple[int, ...], PackageIndex] = {}

# A `go` statement: `go ` after a tab (gofmt's indent), two spaces, or `{ `, `; `, `: `,
# `\n `. Each occurrence's neighbours are read: one scan instead of one per spelling.
GO_BEFORE = ((b"\t", 1), (b"  ", 2), (b"{ ", 2), (b"; ", 2), (b": ", 2), (b"\n ", 2))


def starts_a_goroutine(data: bytes) -> bool:
    i = data.find(b"go ")
    while i >= 0:
        if any(data[max(i - n, 0) : i] == before for before, n in GO_BEFORE):
            return True
        i = data.find(b"go ", i + 3)
    return False


def goroutine_starters(files: list[SourceFile]) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """(function names, method names) of the declarations that start a goroutine."""
    functions: set[bytes] = set()
    methods: set[bytes] = set()
    for f in files:
        file_functions, file_methods = _file_goroutine_starters(f)
        functions |= file_functions
        methods |= file_methods
    return frozenset(functions), frozenset(methods)


def _file_goroutine_starters(f: SourceFile) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """One file's part of goroutine_starters (kept on the file: SourceFile.memo)."""
    return f.memo("goroutine-starters", _read_goroutine_starters)


def _read_goroutine_starters(f: SourceFile) -> tuple[frozenset[bytes], frozenset[bytes]]:
    functions: set[bytes] = set()
    methods: set[bytes] = set()
    if starts_a_goroutine(f.data):
        for chunk in f.data.split(b"\nfunc ")[1:]:
            if not starts_a_goroutine(chunk):
                continue
            found = _DECLARED_NAME.match(chunk)
            if found is not None:
                (methods if found.group(1) else functions).add(found.group(2))
    return frozenset(functions), frozenset(methods)


# After `func `: an optional receiver, then the declared name.
_DECLARED_NAME = re.compile(rb"(\([^)]*\)\s*)?([A-Za-z_]\w*)\s*[(\[]")
