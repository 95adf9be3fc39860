"""The functions and methods a goroutine may run, across the files of one package.

`go worker(ch)` and `go s.loop()` need the body of `worker` / `loop`. We look in the
file being analysed first, then (lazily, only when needed) in the other `.go` files
of the same package directory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast, overload

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import PackageIndex, file_index, package_index, receiver_name
from goleash.source import SourceFile

_T = TypeVar("_T")


def is_test_file(path: str) -> bool:
    return path.endswith("_test.go")


def compiled_with(main_path: str, other_path: str) -> bool:
    """Whether the go tool compiles `other_path` into a build holding `main_path`:
    a package's `_test.go` files go only into its test binary, so code outside them
    never sees their functions (a helper there that closes a field's channel does
    not release the production goroutine)."""
    return is_test_file(main_path) or not is_test_file(other_path)


@dataclass(frozen=True)
class Declaration:
    file: SourceFile
    node: Node  # function_declaration or method_declaration
    receiver_type: str | None

    @property
    def name(self) -> str:
        return gosyntax.function_name(self.node) or ""

    @property
    def body(self) -> Node | None:
        return self.node.child_by_field_name("body")


class Package:
    """The file under analysis plus, on demand, its sibling files: the functions,
    methods (with embedded promotion), struct fields, globals and constants the model
    resolves names through. The file under analysis is asked first (a sibling built
    for another system may declare the same name)."""

    def __init__(
        self,
        main: SourceFile,
        siblings: Iterable[SourceFile] | Callable[[], Iterable[SourceFile]] = (),
    ) -> None:
        self.main = main
        self._siblings_source = siblings
        self._files: list[SourceFile] | None = None
        self._index: PackageIndex | None = None
        self._fields_cache: dict[str, tuple[dict[str, Node | None], list[str]] | None] = {}
        # What the analysis asked of the other files: each lookup and where its answer
        # was declared. Another build of the package whose files answer the same gives
        # the same findings (see `SiblingReads`).
        self.reads = SiblingReads()

    @property
    def files(self) -> list[SourceFile]:
        """The file under analysis, then its siblings of the same package clause. An
        analysis that reads them all depends on every file of the package."""
        self.reads.every_file = True
        return self._package_files()

    def _package_files(self) -> list[SourceFile]:
        if self._files is None:
            source = self._siblings_source
            siblings = source() if callable(source) else source
            name = self.main.package_name
            self._files = [self.main] + [
                f
                for f in siblings
                if f.path != self.main.path
                and compiled_with(self.main.path, f.path)
                and (not name or f.package_name == name)
            ]
        return self._files

    def derived(self, key: str, compute: Callable[[list[SourceFile]], _T]) -> _T:
        """A fact about the whole package, computed once per set of files (and recorded,
        so that another build is analysed again only when the fact differs there)."""
        if self._index is None:
            self._index = package_index(self._package_files())
        cache = self._index.derived
        if key not in cache:
            cache[key] = compute(self._index.files)
        self.reads.facts[key] = (compute, cache[key])
        # The value under `key` is always what `compute` returns.
        return cast(_T, cache[key])

    @overload
    def _lookup(
        self, table: Literal["functions", "types", "by_receiver"], name: str
    ) -> list[tuple[SourceFile, Node]]: ...
    @overload
    def _lookup(
        self, table: Literal["methods"], name: str
    ) -> list[tuple[SourceFile, tuple[str | None, Node]]]: ...
    @overload
    def _lookup(
        self, table: Literal["consts"], name: str
    ) -> list[tuple[SourceFile, Node | None]]: ...
    @overload
    def _lookup(
        self, table: Literal["globals"], name: str
    ) -> list[tuple[SourceFile, tuple[Node | None, Node | None]]]: ...
    @overload
    def _lookup(self, table: str, name: str) -> list[tuple[SourceFile, object]]: ...
    def _lookup(self, table: str, name: str) -> list[tuple[SourceFile, Any]]:
        if self._index is None:
            self._index = package_index(self._package_files())
        found = self._index.lookup(table, name)
        self.reads.lookups[(table, name)] = _where(found)
        return found

    # -- functions and methods -------------------------------------------------

    def unique_function(self, name: str) -> Declaration | None:
        """The one declaration of `name`."""
        mine = file_index(self.main).functions.get(name, ())
        if len(mine) == 1:
            return Declaration(self.main, mine[0], None)
        found = self._lookup("functions", name)
        return Declaration(found[0][0], found[0][1], None) if len(found) == 1 else None

    function = unique_function

    def methods_named(self, name: str) -> list[tuple[SourceFile, str | None, Node]]:
        """[(file, receiver type, method_declaration)] of every method called `name`."""
        return [(f, rt, node) for f, (rt, node) in self._lookup("methods", name)]

    def methods_of_type(self, type_name: str) -> list[tuple[SourceFile, Node]]:
        """[(file, method_declaration)] of every method with receiver `type_name`."""
        return self._lookup("by_receiver", type_name)

    def method_of(self, type_name: str, name: str, _depth: int = 0) -> Declaration | None:
        """`T.name`, declared on T or promoted from a struct T embeds."""
        if _depth > 4:
            return None
        found = [(f, n) for f, rt, n in self.methods_named(name) if rt == type_name]
        if len(found) == 1:
            return Declaration(found[0][0], found[0][1], type_name)
        if found:
            return None
        fields = self.fields_of(type_name)
        if fields is None:
            return None
        hits = [
            m for m in (self.method_of(e, name, _depth + 1) for e in fields[1]) if m is not None
        ]
        return hits[0] if len(hits) == 1 else None

    def method(self, name: str, receiver_type: str | None = None) -> Declaration | None:
        """The method `name` of `receiver_type`, or the only method of that name when
        no type is given (a name shared by several types is ambiguous without types)."""
        if receiver_type is not None:
            return self.method_of(receiver_type, name)
        found = self.methods_named(name)
        return Declaration(found[0][0], found[0][2], found[0][1]) if len(found) == 1 else None

    def resolve_callee(
        self, call: Node, receiver_types: dict[str, str] | None = None
    ) -> Declaration | None:
        """The declaration a call_expression runs, when it is statically clear."""
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None:
            return None
        if fn.type == "identifier":
            return self.unique_function(gosyntax.text(fn))
        if fn.type == "selector_expression":
            operand = gosyntax.unparen(fn.child_by_field_name("operand"))
            field = fn.child_by_field_name("field")
            if field is None or operand is None or operand.type != "identifier":
                return None
            name = gosyntax.text(operand)
            rtype = receiver_types.get(name) if receiver_types else None
            if rtype is None:
                rtype = variable_type(call, name)
            if rtype is None:
                # Without the variable's type, `x.M()` may be any type's M, an
                # interface's in particular: following a namesake would be a guess.
                return None
            found = [(f, n) for f, rt, n in self.methods_named(gosyntax.text(field)) if rt == rtype]
            return Declaration(found[0][0], found[0][1], rtype) if len(found) == 1 else None
        return None

    # -- types, globals and constants ------------------------------------------

    def type_decl(self, type_name: str) -> tuple[SourceFile, Node] | None:
        mine = file_index(self.main).types.get(type_name)
        if mine is not None:
            return self.main, mine
        found = self._lookup("types", type_name)
        return found[0] if found else None

    def is_function_type(self, typ: Node | None) -> bool:
        """Is the type a function type, or a type of the package declared as one?"""
        if typ is None:
            return False
        if typ.type == "function_type":
            return True
        if typ.type == "type_identifier":
            declared = self.type_decl(gosyntax.text(typ))
            return declared is not None and declared[1].type == "function_type"
        return False

    def fields_of(self, type_name: str) -> tuple[dict[str, Node | None], list[str]] | None:
        """({field: type node}, [embedded type names]) of a struct type of the package."""
        if type_name not in self._fields_cache:
            found = self.type_decl(type_name)
            self._fields_cache[type_name] = struct_fields(found[1]) if found is not None else None
        return self._fields_cache[type_name]

    def field_type(
        self, type_name: str, field_name: str, _depth: int = 0
    ) -> tuple[str, Node | None] | None:
        """(declaring type, field type node) for `T.f`, following embedded structs."""
        if _depth > 4:
            return None
        found = self.fields_of(type_name)
        if found is None:
            return None
        fields, embedded = found
        if field_name in fields:
            return type_name, fields[field_name]
        for inner in embedded:
            hit = self.field_type(inner, field_name, _depth + 1)
            if hit is not None:
                return hit
        return None

    def global_var(self, name: str) -> tuple[Node | None, Node | None] | None:
        """(type node, value expression) of a package-level variable."""
        mine = file_index(self.main).globals.get(name)
        if mine is not None:
            return mine
        found = self._lookup("globals", name)
        return found[0][1] if found else None

    def const_value(self, name: str, _depth: int = 0) -> int | None:
        if _depth > 8:
            return None
        consts = file_index(self.main).consts
        if name in consts:
            return constant_int(consts[name], self, _depth + 1)
        found = self._lookup("consts", name)
        return constant_int(found[0][1], self, _depth + 1) if found else None


@dataclass
class SiblingReads:
    """What one analysis read of the package's other files. The same file analysed for
    another build (other siblings, say the windows files instead of the linux ones)
    gives the same findings when every lookup finds the same declarations there, and
    the analysis did not read every file."""

    lookups: dict[tuple[str, str], tuple[tuple[str, int], ...]] = field(default_factory=dict)
    facts: dict[str, tuple[Callable[[list[SourceFile]], object], object]] = field(
        default_factory=dict
    )  # key -> (how it is computed, its value)
    every_file: bool = False

    def same_in(self, main: SourceFile, siblings: Iterable[SourceFile]) -> bool:
        if self.every_file:
            return False
        other = Package(main, siblings)
        return all(
            _where(other._lookup(table, name)) == where
            for (table, name), where in self.lookups.items()
        ) and all(
            other.derived(key, compute) == value for key, (compute, value) in self.facts.items()
        )


def _where(found: list[tuple[SourceFile, Any]]) -> tuple[tuple[str, int], ...]:
    return tuple((f.path, _node_of(entry).start_byte) for f, entry in found)


def _node_of(entry: Any) -> Node | _NoNode:
    """The node of an index entry: a declaration, a (receiver, method) pair, a
    constant's value (None for an iota-implied one) or a global's (type, value)."""
    if isinstance(entry, tuple):
        entry = next((e for e in reversed(entry) if e is not None and not isinstance(e, str)), None)
    return entry if entry is not None else _NO_NODE


class _NoNode:
    start_byte = -1


_NO_NODE = _NoNode()


def base_type_name(typ: Node | None) -> str | None:
    while typ is not None and typ.type in ("pointer_type", "parenthesized_type"):
        typ = typ.named_children[0] if typ.named_children else None
    if typ is not None and typ.type == "generic_type":
        typ = typ.child_by_field_name("type")
    return gosyntax.text(typ) if typ is not None and typ.type == "type_identifier" else None


def field_selectors(package: Package, field: bytes) -> Iterator[tuple[Node, SourceFile]]:
    """Every `x.field` selector expression in the package's files, with its file. The
    text `.field` is looked for first: a file without it costs one scan, no tree walk."""
    pattern = re.compile(rb"\." + re.escape(field) + rb"\b")
    for f in package.files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.end())
            sel = node.parent if node is not None else None
            if sel is not None and sel.type == "selector_expression":
                yield sel, f


def statements_spelled(
    package: Package, pattern: re.Pattern[bytes], statement_type: str
) -> Iterator[tuple[Node, SourceFile]]:
    """Each statement of the type (`go_statement`, `defer_statement`) around a match of
    `pattern` in the package's files (`go x.run(`, `defer h.Leave(`), with its file: the
    text is scanned first, and a tree climbed only where it matches."""
    for f in package.files:
        for m in pattern.finditer(f.data):
            found = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            while found is not None and found.type != statement_type:
                found = found.parent
            if found is not None:
                yield found, f


def field_read(package: Package, field: bytes) -> bool:
    """Is `.field` read anywhere in the package (other than stored into or deleted from)?
    An exported field may be read by other packages (EXPORTED_FIELD_READ: a cancel kept
    in `m.Kill` is called by the server that owns `m`): taken as read."""
    if field[:1].isupper():
        return True
    for sel, _file in field_selectors(package, field):
        up = sel.parent
        if up is not None and up.type == "index_expression":
            sel = up
        if gosyntax.on_side_of(sel, "assignment_statement", "left"):
            continue  # a store
        if gosyntax.is_deleted(sel):
            continue
        return True
    return False


def field_use(sel: Node) -> str:
    """How code uses the channel field `x.f`: "receive" (`<-x.f`, `range x.f`), "send",
    "plain" (`len`, `cap`), "store" (assigned to), or "other" (closed, handed to a call,
    copied: anything a reader of the field cannot follow)."""
    parent, sel = gosyntax.parent_skipping_parens(sel)
    if parent is None:
        return "other"
    if parent.type == "unary_expression":
        operator = parent.child_by_field_name("operator")
        return "receive" if operator is not None and operator.type == "<-" else "other"
    if parent.type == "range_clause" and parent.child_by_field_name("right") == sel:
        return "receive"
    if parent.type == "send_statement" and parent.child_by_field_name("channel") == sel:
        return "send"
    if parent.type == "argument_list":
        call = parent.parent
        if call is not None and gosyntax.callee_text(call) in ("len", "cap"):
            return "plain"
        return "other"  # a close, or handed to a call
    if gosyntax.on_side_of(sel, "assignment_statement", "left"):
        return "store"
    return "other"


def sole_receiver(
    package: Package, field: str, sender: Node | None = None
) -> tuple[Node, SourceFile, Node] | None:
    """(the method, its file, its first receive) when every receive from `.field` in the
    package is in one method, received from its own receiver, and every other use sends
    on the field, measures it (`len`, `cap`) or stores into it: that method alone reads
    the channel. With `sender`, every send is in that method too, which may also close
    the field, and the receiving method is another one. Fields are matched by name
    across the package's types."""
    receiver: tuple[Node, SourceFile, Node] | None = None
    for sel, file in field_selectors(package, field.encode()):
        use = field_use(sel)
        if use in ("store", "plain"):
            continue
        owner = gosyntax.enclosing_function(sel)
        if use == "send":
            if sender is not None and owner != sender:
                return None
            continue
        if use == "other":
            if sender is not None and owner == sender and closed_here(sel):
                continue
            return None
        # A receive: all of them in one method, on its own receiver.
        if owner is None or owner == sender or owner.type != "method_declaration":
            return None
        name = receiver_name(owner)
        if name is None or gosyntax.field_of(sel, name) != field:
            return None
        if receiver is None:
            receiver = (owner, file, sel)
        elif receiver[0] != owner:
            return None
    return receiver


def closed_here(sel: Node) -> bool:
    """Is `x.f` closed right there (`close(x.f)`, the builtin)?"""
    args, _sel = gosyntax.parent_skipping_parens(sel)
    call = args.parent if args is not None and args.type == "argument_list" else None
    return call is not None and gosyntax.callee_text(call) == "close"


def keyed_literal_values(package: Package, field: str) -> list[tuple[Node, SourceFile, str | None]]:
    """The values given to `field` in keyed composite literals (`T{field: v}`) of the
    package, with the literal's type name when it is a plain one (`T`, not `pkg.T`)."""
    out = []
    key_text = re.compile(rb"\b" + re.escape(field.encode()) + rb"\s*:")
    for f in package.files:
        for m in key_text.finditer(f.data):
            key = f.root.descendant_for_byte_range(m.start(), m.start() + len(field))
            element = key.parent if key is not None else None
            keyed = element.parent if element is not None else None
            if (
                key is None
                or gosyntax.text(key) != field
                or element is None
                or element.type != "literal_element"
                or keyed is None
                or keyed.type != "keyed_element"
                or keyed.child_by_field_name("key") != element
            ):
                continue
            value = keyed.child_by_field_name("value")
            first = value.named_children[0] if value is not None and value.named_children else None
            if first is not None:
                out.append((first, f, _literal_type(keyed)))
    return out


def _literal_type(keyed: Node) -> str | None:
    literal = keyed.parent
    while literal is not None and literal.type != "composite_literal":
        literal = literal.parent
    typ = literal.child_by_field_name("type") if literal is not None else None
    return gosyntax.text(typ) if typ is not None and typ.type == "type_identifier" else None


def holder_type(sel: Node) -> str | None:
    """The named type of `x` in the selector `x.f`, when `x` is a plain variable whose
    type the code states (see `variable_type`)."""
    holder = gosyntax.unparen(sel.child_by_field_name("operand"))
    if holder is None or holder.type != "identifier":
        return None
    return variable_type(sel, gosyntax.text(holder))


def variable_type(node: Node, name: str) -> str | None:
    """The named type of variable `name` where `node` is, when the code says it plainly:
    a method's receiver, a parameter, or `name := &T{...}` / `T{...}` / `new(T)`."""
    func = gosyntax.enclosing_function(node)
    while func is not None:
        if func.type == "method_declaration":
            recv = func.child_by_field_name("receiver")
            for p in recv.named_children if recv is not None else ():
                names = [gosyntax.text(c) for c in p.named_children if c.type == "identifier"]
                if name in names:
                    return base_type_name(p.child_by_field_name("type"))
        params = func.child_by_field_name("parameters")
        for p in params.named_children if params is not None else ():
            if p.type == "parameter_declaration" and name in [
                gosyntax.text(c) for c in p.named_children if c.type == "identifier"
            ]:
                return base_type_name(p.child_by_field_name("type"))
        for value in _values_bound_before(func, node, name, "short_var_declaration"):
            return _constructed_type(value)
        func = gosyntax.enclosing_function(func)
    return None


def _values_bound_before(func: Node, node: Node, name: str, statement_type: str) -> Iterator[Node]:
    """The values `name` is bound to by the function's statements of `statement_type`
    (`short_var_declaration`, `assignment_statement`) before `node`, in order."""
    body = func.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != statement_type or n.start_byte > node.start_byte:
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        for lhs, rhs in zip(left, right):
            if lhs.type == "identifier" and gosyntax.text(lhs) == name:
                yield rhs


def reassigned_type(node: Node, name: str) -> str | None:
    """The named type of the last plain assignment `name = &T{...}` (or `T{...}`,
    `new(T)`) before `node` in its function: a variable declared earlier for another
    purpose (`w, ok := m.workers[id]`) and given a new object later."""
    func = gosyntax.enclosing_function(node)
    found = None
    for value in _values_bound_before(func, node, name, "assignment_statement") if func else ():
        found = _constructed_type(value) or found
    return found


def _constructed_type(expr: Node | None) -> str | None:
    expr = gosyntax.address_taken_operand(expr)
    if expr is None:
        return None
    if expr.type == "composite_literal":
        return base_type_name(expr.child_by_field_name("type"))
    if expr.type == "call_expression" and gosyntax.callee_text(expr) == "new":
        args = gosyntax.call_arguments(expr)
        return base_type_name(args[0]) if args else None
    return None


def struct_fields(type_node: Node | None) -> tuple[dict[str, Node | None], list[str]]:
    """({field: type node}, [embedded type names]) of a struct type node."""
    fields: dict[str, Node | None] = {}
    embedded: list[str] = []
    if type_node is None or type_node.type != "struct_type":
        return fields, embedded
    for decl in gosyntax.field_declarations(type_node):
        names = decl.children_by_field_name("name")
        typ = decl.child_by_field_name("type")
        if names:
            for n in names:
                fields[gosyntax.text(n)] = typ
        else:
            from goleash.analysis.values import base_type_name

            t = base_type_name(typ)
            if t is not None:
                embedded.append(t)
                fields.setdefault(t.rsplit(".", 1)[-1], typ)
    return fields, embedded


_INT_CONVERSIONS = frozenset(
    {
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "byte",
        "rune",
    }
)


# Statements that may declare a name in a block, and the nodes that name it.
_DECLARING = {
    "const_declaration": "const_spec",
    "var_declaration": "var_spec",
}


def _local_constant(ident: Node) -> tuple[bool, Node | None]:
    """LOCAL_CONSTANTS: (declared in the function, the value) for `const n = 8` declared
    in an enclosing block of the function (or of a function around a literal) before
    the use; the value is None when the nearest declaration of the name is a variable
    (or a constant with no value of its own, iota's repetition). Every count (a loop's
    bound, a `wg.Add`, a buffer) reads constants through here, so both sides of a
    comparison see the same value. Trade-off: a parameter of the same name is not seen
    as shadowing the package constant."""
    name = ident.text
    node = ident
    while node.parent is not None:
        parent = node.parent
        if parent.type in ("function_declaration", "method_declaration"):
            break  # a function literal sees the constants around it
        if parent.type in ("block", "statement_list"):
            stmt = node.prev_named_sibling
            while stmt is not None:
                found = _declared_in(stmt, name)
                if found[0]:
                    if stmt.type == "short_var_declaration" and found[1] is not None:
                        return (True, found[1] if _never_changed(name, parent) else None)
                    return found
                stmt = stmt.prev_named_sibling
        node = parent
    return False, None


def _never_changed(name: bytes | None, block: Node) -> bool:
    """SET_ONCE: is a local declared with `n := 100` in `block` never assigned again,
    incremented or taken the address of there (closures included)? Then it counts as
    the number it was set to, as a constant does. Trade-off: matched by name in the
    block's text; a shadowing declaration of the same name counts as a change."""
    if not name:
        return False
    text = block.text or b""
    n = re.escape(name)
    assigns = rb"[^=\n]*?(?::=|(?<![=!<>:])=(?!=))"  # the rest of a left-hand side
    forms = (
        rb"(?<![\w.])" + n + rb"\s*(?:[-+*/%&|^]?=(?!=)|\+\+|--|:=)",  # n = / n += / n++ / n :=
        rb"(?<![\w.])" + n + rb"\s*," + assigns,  # n, err = ...
        rb",\s*" + n + rb"\b" + assigns,  # i, n := range ...
        rb"&\s*" + n + rb"\b",  # &n
    )
    changes = re.findall(b"|".join(forms), text)
    return len(changes) == 1  # its own `:=`


def _declared_in(stmt: Node, name: bytes | None) -> tuple[bool, Node | None]:
    """(whether `stmt` declares `name`, the constant value it binds it to, if any: a
    constant's, or the literal number a `n := 100` sets it to)."""
    if stmt.type == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        bound = left.named_children if left is not None else []
        set_to = right.named_children if right is not None else []
        if not any(n.text == name for n in bound):
            return False, None
        targets = [n.text for n in bound]
        value = set_to[targets.index(name)] if len(set_to) == len(targets) else None
        return True, (value if value is not None and value.type == "int_literal" else None)
    spec_type = _DECLARING.get(stmt.type)
    if spec_type is None:
        return False, None
    for spec in gosyntax.walk(stmt):
        if spec.type != spec_type:
            continue
        names = [n.text for n in spec.children_by_field_name("name") if n.is_named]
        if name not in names:
            continue
        values = spec.child_by_field_name("value")
        if spec_type == "var_spec" or values is None:
            return True, None
        vals = values.named_children if values.type == "expression_list" else [values]
        return True, (vals[names.index(name)] if len(vals) == len(names) else None)
    return False, None


def constant_int(expr: Node | None, package: Package | None = None, _depth: int = 0) -> int | None:
    """The value of a constant integer expression: literals, named constants, + - * / << and parens."""
    expr = gosyntax.unparen(expr)
    if expr is None or _depth > 16:
        return None
    t = expr.type
    if t == "int_literal":
        try:
            return int(gosyntax.text(expr).replace("_", ""), 0)
        except ValueError:
            return None
    if t == "identifier":
        declared, value = _local_constant(expr)
        if declared:
            return constant_int(value, package, _depth + 1) if value is not None else None
        return package.const_value(gosyntax.text(expr), _depth) if package is not None else None
    if t == "call_expression" and gosyntax.callee_text(expr) in _INT_CONVERSIONS:
        args = gosyntax.call_arguments(expr)
        return constant_int(args[0], package, _depth + 1) if len(args) == 1 else None  # int32(2)
    if t == "binary_expression":
        a = constant_int(expr.child_by_field_name("left"), package, _depth + 1)
        b = constant_int(expr.child_by_field_name("right"), package, _depth + 1)
        if a is None or b is None:
            return None
        op = gosyntax.field(expr, "operator").type
        try:
            return {
                "+": a + b,
                "-": a - b,
                "*": a * b,
                "/": a // b if b else None,
                "<<": a << b if 0 <= b < 64 else None,
                "%": a % b if b else None,
            }.get(op)
        except (ValueError, OverflowError):
            return None
    return None
