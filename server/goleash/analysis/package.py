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
