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
                idx.methods.setdefault(caps["mname"][0].text.decode("utf-8", "replace"), []).append(
                    (receiver_type_name(node), node))
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
