"""The functions and methods a goroutine may run, across the files of one package.

`go worker(ch)` and `go s.loop()` need the body of `worker` / `loop`. We look in the
file being analysed first, then (lazily, only when needed) in the other `.go` files
of the same package directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from goleash import gosyntax, parsing
from goleash.source import SourceFile

_DECLS = """
(function_declaration name: (identifier) @name) @decl
(method_declaration name: (field_identifier) @name) @decl
"""


@dataclass(frozen=True)
class Declaration:
    file: SourceFile
    node: object  # function_declaration or method_declaration
    receiver_type: str | None

    @property
    def name(self) -> str:
        return gosyntax.function_name(self.node) or ""

    @property
    def body(self):
        return self.node.child_by_field_name("body")


def _receiver_type(method) -> str | None:
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return None
    for p in recv.named_children:
        t = p.child_by_field_name("type")
        while t is not None and t.type in ("pointer_type", "generic_type"):
            t = t.named_children[0] if t.named_children else None
        if t is not None:
            return t.text.decode()
    return None


def _index(file: SourceFile) -> tuple[dict, dict]:
    functions: dict[str, list[Declaration]] = {}
    methods: dict[str, list[Declaration]] = {}
    for _, caps in _matches(file):
        decl = caps["decl"][0]
        name = caps["name"][0].text.decode()
        if decl.type == "function_declaration":
            functions.setdefault(name, []).append(Declaration(file, decl, None))
        else:
            methods.setdefault(name, []).append(Declaration(file, decl, _receiver_type(decl)))
    return functions, methods


def _matches(file: SourceFile):
    from tree_sitter import QueryCursor

    # Only top-level declarations: their nodes are children of source_file.
    cursor = QueryCursor(parsing.query(_DECLS))
    cursor.set_max_start_depth(1)
    return cursor.matches(file.root)


class Package:
    """The file under analysis plus, on demand, its sibling files."""

    def __init__(
        self,
        main: SourceFile,
        siblings: Iterable[SourceFile] | Callable[[], Iterable[SourceFile]] = (),
    ) -> None:
        self.main = main
        self._siblings_source = siblings
        self._main_index_cache: tuple[dict, dict] | None = None
        self._sibling_index: tuple[dict, dict] | None = None
        self.used_files: set[str] = set()

    def _siblings(self) -> tuple[dict, dict]:
        if self._sibling_index is None:
            functions: dict[str, list[Declaration]] = {}
            methods: dict[str, list[Declaration]] = {}
            source = self._siblings_source
            files = source() if callable(source) else source
            main_pkg = self.main.package_name
            for f in files:
                if f.path == self.main.path or (main_pkg and f.package_name != main_pkg):
                    continue
                fs, ms = _index(f)
                for k, v in fs.items():
                    functions.setdefault(k, []).extend(v)
                for k, v in ms.items():
                    methods.setdefault(k, []).extend(v)
            self._sibling_index = (functions, methods)
        return self._sibling_index

    @property
    def _main_index(self) -> tuple[dict, dict]:
        # Built on the first lookup: most re-checks in the editor resolve nothing.
        if self._main_index_cache is None:
            self._main_index_cache = _index(self.main)
        return self._main_index_cache

    def _lookup(self, table: int, name: str) -> list[Declaration]:
        found = self._main_index[table].get(name)
        if found:
            return found
        found = self._siblings()[table].get(name, [])
        for d in found:
            self.used_files.add(d.file.path)
        return found

    def function(self, name: str) -> Declaration | None:
        found = self._lookup(0, name)
        return found[0] if len(found) == 1 else None

    def method(self, name: str, receiver_type: str | None = None) -> Declaration | None:
        found = self._lookup(1, name)
        if receiver_type is not None:
            found = [d for d in found if d.receiver_type == receiver_type]
        # A name shared by several types is ambiguous without type information.
        return found[0] if len(found) == 1 else None

    def resolve_callee(self, call, receiver_types: dict[str, str] | None = None) -> Declaration | None:
        """The declaration a call_expression runs, when it is statically clear."""
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None:
            return None
        if fn.type == "identifier":
            return self.function(fn.text.decode())
        if fn.type == "selector_expression":
            operand = gosyntax.unparen(fn.child_by_field_name("operand"))
            field = fn.child_by_field_name("field")
            if field is None or operand is None:
                return None
            if operand.type != "identifier":
                return None
            name = operand.text.decode()
            rtype = receiver_types.get(name) if receiver_types else None
            if rtype is None:
                rtype = variable_type(call, name)
            if rtype is None:
                # Without the variable's type, `x.M()` may be any type's M, an
                # interface's in particular: following a namesake would be a guess.
                return None
            found = [d for d in self._lookup(1, field.text.decode()) if d.receiver_type == rtype]
            return found[0] if len(found) == 1 else None
        return None

    def _is_import(self, name: str) -> bool:
        return name in self.main_imports

    @property
    def main_imports(self) -> set[str]:
        cached = getattr(self, "_imports", None)
        if cached is None:
            cached = self._imports = imported_names(self.main)
        return cached


_IMPORTS = "(import_spec) @spec"


def imported_names(file: SourceFile) -> set[str]:
    names: set[str] = set()
    for spec in parsing.captures(_IMPORTS, file.root).get("spec", []):
        alias = spec.child_by_field_name("name")
        path = spec.child_by_field_name("path")
        if alias is not None and alias.type == "package_identifier":
            names.add(alias.text.decode())
        elif path is not None:
            p = path.text.decode().strip('"`')
            last = p.rsplit("/", 1)[-1]
            # gopkg.in/yaml.v3 -> yaml; example.com/foo/v2 -> foo
            if last.startswith("v") and last[1:].isdigit() and "/" in p:
                last = p.rsplit("/", 2)[-2]
            names.add(last.split(".")[0].replace("-", "_"))
    return names


def _base_type(typ) -> str | None:
    while typ is not None and typ.type in ("pointer_type", "parenthesized_type"):
        typ = typ.named_children[0] if typ.named_children else None
    if typ is not None and typ.type == "generic_type":
        typ = typ.child_by_field_name("type")
    return typ.text.decode() if typ is not None and typ.type == "type_identifier" else None


def variable_type(node, name: str) -> str | None:
    """The named type of variable `name` where `node` is, when the code says it plainly:
    a method's receiver, a parameter, or `name := &T{...}` / `T{...}` / `new(T)`."""
    func = gosyntax.enclosing_function(node)
    while func is not None:
        if func.type == "method_declaration":
            recv = func.child_by_field_name("receiver")
            for p in recv.named_children if recv is not None else ():
                names = [c.text.decode() for c in p.named_children if c.type == "identifier"]
                if name in names:
                    return _base_type(p.child_by_field_name("type"))
        params = func.child_by_field_name("parameters")
        for p in params.named_children if params is not None else ():
            if p.type == "parameter_declaration" and name in [c.text.decode() for c in p.named_children if c.type == "identifier"]:
                return _base_type(p.child_by_field_name("type"))
        body = func.child_by_field_name("body")
        for n in gosyntax.walk(body) if body is not None else ():
            if n.type != "short_var_declaration" or n.start_byte > node.start_byte:
                continue
            left = n.child_by_field_name("left").named_children
            right = n.child_by_field_name("right").named_children
            for lhs, rhs in zip(left, right):
                if lhs.type == "identifier" and lhs.text.decode() == name:
                    return _constructed_type(rhs)
        func = gosyntax.enclosing_function(func)
    return None


def _constructed_type(expr) -> str | None:
    expr = gosyntax.unparen(expr)
    if expr is not None and expr.type == "unary_expression" and expr.child_by_field_name("operator").type == "&":
        expr = gosyntax.unparen(expr.child_by_field_name("operand"))
    if expr is None:
        return None
    if expr.type == "composite_literal":
        return _base_type(expr.child_by_field_name("type"))
    if expr.type == "call_expression" and gosyntax.callee_text(expr) == "new":
        args = gosyntax.call_arguments(expr)
        return _base_type(args[0]) if args else None
    return None


# -- the package-wide index the general model resolves through -------------------
# (functions, methods with embedded promotion, struct fields, globals, constants)

def _all_files(package: "Package") -> list[SourceFile]:
    cached = getattr(package, "_all_files_cache", None)
    if cached is None:
        source = package._siblings_source
        files = source() if callable(source) else source
        main_pkg = package.main.package_name
        cached = [package.main] + [
            f for f in files if f.path != package.main.path and (not main_pkg or f.package_name == main_pkg)
        ]
        package._all_files_cache = cached
    return cached


def _unique_function(self: "Package", name: str):
    """The one declaration of `name`: in the file under analysis first (a sibling built for
    another OS may declare it too), else the one in the package."""
    from goleash.analysis.index import file_index

    mine = file_index(self.main).functions.get(name, ())
    if len(mine) == 1:
        return Declaration(self.main, mine[0], None)
    found = [(f, n) for f in _all_files(self) for n in file_index(f).functions.get(name, ())]
    return Declaration(found[0][0], found[0][1], None) if len(found) == 1 else None


def _type_decl(self: "Package", type_name: str):
    from goleash.analysis.index import file_index

    for f in _all_files(self):
        t = file_index(f).types.get(type_name)
        if t is not None:
            return f, t
    return None


def _struct_fields(type_node) -> tuple[dict, list]:
    """({field: type node}, [embedded type names]) of a struct type node."""
    fields: dict = {}
    embedded: list = []
    if type_node is None or type_node.type != "struct_type":
        return fields, embedded
    for lst in type_node.named_children:
        if lst.type != "field_declaration_list":
            continue
        for decl in lst.named_children:
            if decl.type != "field_declaration":
                continue
            names = decl.children_by_field_name("name")
            typ = decl.child_by_field_name("type")
            if names:
                for n in names:
                    fields[n.text.decode("utf-8", "replace")] = typ
            else:
                from goleash.analysis.values import base_type_name

                t = base_type_name(typ)
                if t is not None:
                    embedded.append(t)
                    fields.setdefault(t.rsplit(".", 1)[-1], typ)
    return fields, embedded


def _field_type(self: "Package", type_name: str, field_name: str, _depth: int = 0):
    """(declaring type, field type node) for `T.f`, following embedded structs."""
    if _depth > 4:
        return None
    found = self._type_decl(type_name)
    if found is None:
        return None
    fields, embedded = _struct_fields(found[1])
    if field_name in fields:
        return type_name, fields[field_name]
    for inner in embedded:
        hit = self.field_type(inner, field_name, _depth + 1)
        if hit is not None:
            return hit
    return None


def _method_of(self: "Package", type_name: str, name: str, _depth: int = 0):
    from goleash.analysis.index import file_index

    if _depth > 4:
        return None
    found = [(f, n) for f in _all_files(self) for (rt, n) in file_index(f).methods.get(name, ()) if rt == type_name]
    if len(found) == 1:
        return Declaration(found[0][0], found[0][1], type_name)
    if found:
        return None
    decl = self._type_decl(type_name)
    if decl is None:
        return None
    _, embedded = _struct_fields(decl[1])
    hits = [m for m in (self.method_of(e, name, _depth + 1) for e in embedded) if m is not None]
    return hits[0] if len(hits) == 1 else None


def _global_var(self: "Package", name: str):
    from goleash.analysis.index import file_index

    for f in _all_files(self):
        g = file_index(f).globals.get(name)
        if g is not None:
            return g
    return None


def _const_value(self: "Package", name: str, _depth: int = 0) -> int | None:
    from goleash.analysis.index import file_index

    if _depth > 8:
        return None
    for f in _all_files(self):
        idx = file_index(f)
        if name in idx.consts:
            return constant_int(idx.consts[name], self, _depth + 1)
    return None


_INT_CONVERSIONS = frozenset({"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
                               "uint64", "uintptr", "byte", "rune"})


def constant_int(expr, package: "Package | None" = None, _depth: int = 0) -> int | None:
    """The value of a constant integer expression: literals, named constants, + - * / << and parens."""
    expr = gosyntax.unparen(expr)
    if expr is None or _depth > 16:
        return None
    t = expr.type
    if t == "int_literal":
        try:
            return int(expr.text.decode().replace("_", ""), 0)
        except ValueError:
            return None
    if t == "identifier" and package is not None:
        return package.const_value(expr.text.decode("utf-8", "replace"), _depth)
    if t == "call_expression" and gosyntax.callee_text(expr) in _INT_CONVERSIONS:
        args = gosyntax.call_arguments(expr)
        return constant_int(args[0], package, _depth + 1) if len(args) == 1 else None  # int32(2)
    if t == "binary_expression":
        a = constant_int(expr.child_by_field_name("left"), package, _depth + 1)
        b = constant_int(expr.child_by_field_name("right"), package, _depth + 1)
        if a is None or b is None:
            return None
        op = expr.child_by_field_name("operator").type
        try:
            return {"+": a + b, "-": a - b, "*": a * b, "/": a // b if b else None, "<<": a << b if 0 <= b < 64 else None,
                    "%": a % b if b else None}.get(op)
        except (ValueError, OverflowError):
            return None
    return None


Package.unique_function = _unique_function
Package._type_decl = _type_decl
Package.field_type = _field_type
Package.method_of = _method_of
Package.global_var = _global_var
Package.const_value = _const_value
Package.files = property(_all_files)
