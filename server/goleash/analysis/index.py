"""What a package declares at top level, per file and cached on the file: the names the
model resolves calls, types, fields and constants through.

One query pass per file, kept on the `SourceFile` object: the CLI shares a
directory's files between the analyses of each of them, and the language server
keeps unchanged sibling files, so a package is indexed once, not once per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goleash import parsing
from goleash.source import SourceFile

_TOP_QUERY = """
(function_declaration name: (identifier) @fname) @func
(method_declaration name: (field_identifier) @mname) @method
(type_spec name: (type_identifier) @tname type: (_) @ttype) @type
(const_spec) @const
(var_spec) @var
"""


@dataclass
class FileIndex:
    functions: dict[str, list] = field(default_factory=dict)  # name -> [function_declaration]
    methods: dict[str, list] = field(default_factory=dict)  # name -> [(receiver type, method_declaration)]
    types: dict[str, object] = field(default_factory=dict)  # name -> type node (struct_type, interface_type, ...)
    consts: dict[str, object] = field(default_factory=dict)  # name -> value expression (None: iota-implied)
    globals: dict[str, tuple] = field(default_factory=dict)  # name -> (type node, value expression)
    by_receiver: dict[str, list] = field(default_factory=dict)  # receiver type -> [method_declaration]


def receiver_type_name(method) -> str | None:
    recv = method.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else ():
        t = p.child_by_field_name("type")
        while t is not None and t.type in ("pointer_type", "generic_type", "parenthesized_type"):
            t = t.child_by_field_name("type") if t.type == "generic_type" else (t.named_children[0] if t.named_children else None)
        if t is not None and t.type == "type_identifier":
            return t.text.decode("utf-8", "replace")
    return None


def file_index(file: SourceFile) -> FileIndex:
    cached = file.__dict__.get("_goleash_index")
    if cached is not None:
        return cached
    from tree_sitter import QueryCursor

    idx = FileIndex()
    cursor = QueryCursor(parsing.query(_TOP_QUERY))
    # Top level only: declarations are children of source_file (specs up to two levels deeper).
    cursor.set_max_start_depth(3)
    for _, caps in cursor.matches(file.root):
        if "func" in caps:
            node = caps["func"][0]
            if node.parent is not None and node.parent.type == "source_file":
                idx.functions.setdefault(caps["fname"][0].text.decode("utf-8", "replace"), []).append(node)
        elif "method" in caps:
            node = caps["method"][0]
            if node.parent is not None and node.parent.type == "source_file":
                name = caps["mname"][0].text.decode("utf-8", "replace")
                receiver = receiver_type_name(node)
                idx.methods.setdefault(name, []).append((receiver, node))
                if receiver is not None:
                    idx.by_receiver.setdefault(receiver, []).append(node)
        elif "type" in caps:
            spec = caps["type"][0]
            if _top_level_spec(spec):
                idx.types[caps["tname"][0].text.decode("utf-8", "replace")] = caps["ttype"][0]
        elif "const" in caps:
            spec = caps["const"][0]
            if _top_level_spec(spec):
                values = spec.child_by_field_name("value")
                vals = list(values.named_children) if values is not None else []
                for i, n in enumerate(spec.children_by_field_name("name")):
                    idx.consts[n.text.decode("utf-8", "replace")] = vals[i] if i < len(vals) else None
        elif "var" in caps:
            spec = caps["var"][0]
            if _top_level_spec(spec):
                values = spec.child_by_field_name("value")
                vals = list(values.named_children) if values is not None else []
                for i, n in enumerate(spec.children_by_field_name("name")):
                    idx.globals[n.text.decode("utf-8", "replace")] = (spec.child_by_field_name("type"), vals[i] if i < len(vals) else None)
    file.__dict__["_goleash_index"] = idx
    return idx


def _top_level_spec(spec) -> bool:
    p = spec.parent
    while p is not None and p.type in ("var_spec_list", "const_spec_list", "type_spec_list", "var_declaration",
                                          "const_declaration", "type_declaration"):
        p = p.parent
    return p is not None and p.type == "source_file"


class PackageIndex:
    """The package's declarations by name, one table at a time: a table is merged from
    the files' indexes the first time it is asked (once for all the analyses sharing
    the index), and every lookup after that is one dictionary access."""

    # Tables of FileIndex a name is looked up in (by_receiver: by receiver type name).
    TABLES = ("functions", "methods", "types", "consts", "globals", "by_receiver")
    _LISTS = frozenset({"functions", "methods", "by_receiver"})

    def __init__(self, files: list[SourceFile]) -> None:
        # Path order: where two files declare a name (builds for other systems), the
        # first is kept; callers ask the file under analysis first.
        self.files = sorted(files, key=lambda f: f.path)
        self._tables: dict[str, dict[str, list]] = {}
        # Package-wide facts an analysis derives once for every file sharing the index.
        self.derived: dict[str, object] = {}

    def lookup(self, table: str, name: str) -> list[tuple[SourceFile, object]]:
        """[(file, entry)] for `name` in `table` across the files, in path order."""
        merged = self._tables.get(table)
        if merged is None:
            merged = self._tables[table] = self._merge(table)
        return merged.get(name, [])

    def _merge(self, table: str) -> dict[str, list]:
        merged: dict[str, list] = {}
        lists = table in self._LISTS
        for f in self.files:
            for name, entry in getattr(file_index(f), table).items():
                if lists:
                    merged.setdefault(name, []).extend((f, e) for e in entry)
                else:
                    merged.setdefault(name, []).append((f, entry))
        return merged


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
_RECENT: dict[tuple, PackageIndex] = {}
