"""The channel model: every local channel, who uses it, how, and where it escapes.

For each `ch := make(chan T[, n])` in a function (its *owner*), we walk the owner's
body once and record every use of `ch`, attributed to the *actor* that performs it:
the owner itself, a goroutine it starts (a `go` literal, `go worker(ch)` resolved
across the package, `g.Go(func...)`), a deferred call, or a closure whose timing we
cannot know. Uses we cannot follow (the channel returned, stored, handed to an
unknown function) are *escapes*: someone we cannot see may serve the channel, so the
rules stay quiet or speak softly about it.
"""

from __future__ import annotations

import bisect
import enum
import itertools
from dataclasses import dataclass, field

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.package import Declaration, Package
from goleash.source import SourceFile

MAKE_CHAN_QUERY = """
(call_expression
  function: (identifier) @fn
  arguments: (argument_list . (channel_type))
  (#eq? @fn "make")) @make
"""


class ActorKind(enum.Enum):
    OWNER = "owner"  # the function that made the channel
    GOROUTINE = "goroutine"
    DEFERRED = "deferred"  # runs when the owner returns
    CLOSURE = "closure"  # a function value: when (or whether) it runs is unknown


@dataclass(eq=False)
class Actor:
    kind: ActorKind
    file: SourceFile
    func: Node | None  # the function node whose body runs (None for `defer close(ch)`)
    start: Node | None  # go statement / X.Go call / defer statement
    site: Node | None  # where, in the owner's body, the actor is started
    repeated: bool = False  # started inside a loop: several instances

    @property
    def body(self) -> Node | None:
        return self.func.child_by_field_name("body") if self.func is not None else None

    def describe(self) -> str:
        if self.kind is ActorKind.GOROUTINE and self.start is not None:
            name = gosyntax.function_name(self.func) if self.func is not None else None
            what = f"`{name}`" if name else "goroutine"
            return f"{what} started at line {gosyntax.line_of(self.start)}"
        return self.kind.value


class OpKind(enum.Enum):
    SEND = "send"
    RECV = "receive"
    RANGE = "range"
    CLOSE = "close"
    ESCAPE = "escape"


@dataclass(eq=False)
class Op:
    kind: OpKind
    node: Node  # send_statement / unary_expression / for_statement / call / identifier
    actor: Actor
    file: SourceFile
    site: Node  # the node in the owner's body through which the op happens
    select: Node | None = None  # the select statement, for a select case
    in_loop: bool = False  # repeats within its actor
    detail: str = ""  # escape reason

    @property
    def anchor(self) -> Node:
        """The node to point at: the range clause rather than the whole loop."""
        if self.kind is OpKind.RANGE:
            for c in self.node.named_children:
                if c.type == "range_clause":
                    return c
        return self.node

    @property
    def blocking(self) -> bool:
        """A bare operation (not a select case) that may block."""
        return self.select is None and self.kind in (OpKind.SEND, OpKind.RECV, OpKind.RANGE)


@dataclass(eq=False)
class Channel:
    name: str
    owner: Node  # function node
    file: SourceFile
    decl: Node  # the declaring statement
    make: Node | None  # the make call (None for `var ch chan T`)
    capacity: int | None  # 0 = unbuffered; None = not a constant
    ops: list[Op] = field(default_factory=list)
    reassigned: bool = False
    ambiguous: bool = False  # the name is declared again in the owner: we may confuse two variables
    # A channel held in a struct field (`p := &pool{jobs: make(chan int)}`): its
    # name is the path `p.jobs`; the struct's methods see it as `recv.jobs`.
    field: str | None = None
    type_name: str | None = None

    @property
    def owner_body(self) -> Node | None:
        return self.owner.child_by_field_name("body")

    @property
    def owner_name(self) -> str:
        return (
            gosyntax.function_name(self.owner)
            or f"the function literal at line {gosyntax.line_of(self.owner)}"
        )

    def of(self, *kinds: OpKind) -> list[Op]:
        return [o for o in self.ops if o.kind in kinds]

    @property
    def escapes(self) -> list[Op]:
        return self.of(OpKind.ESCAPE)

    @property
    def trusted(self) -> bool:
        """Fully visible: no escape, no reassignment, no name confusion."""
        return not self.escapes and not self.reassigned and not self.ambiguous

    def goroutines(self) -> list[Actor]:
        seen: list[Actor] = []
        for o in self.ops:
            if o.actor.kind is ActorKind.GOROUTINE and o.actor not in seen:
                seen.append(o.actor)
        return seen


def collect_channels(
    file: SourceFile, package: Package, candidates: list[Node] | None = None
) -> list[Channel]:
    """Model every channel made and bound to a local name in `file`."""
    from goleash import parsing

    if candidates is None:
        candidates = parsing.captures(MAKE_CHAN_QUERY, file.root).get("make", [])
    channels = []
    for make in candidates:
        bound = _bound_name(make)
        field: str | None = None
        type_name: str | None = None
        if bound is None:
            in_struct = _bound_field(make)
            if in_struct is None:
                continue
            base, field, type_name, decl = in_struct
            bound = (f"{base}.{field}", decl)
        name, decl = bound
        owner = gosyntax.enclosing_function(make)
        if owner is None:
            continue
        ch = Channel(
            name, owner, file, decl, make, _capacity(make), field=field, type_name=type_name
        )
        _Walker(ch, package).run()
        channels.append(ch)
    return channels


def _text(node: Node) -> str:
    """A node's source text (read strictly as UTF-8, like the names it is compared with)."""
    return (node.text or b"").decode()


def _bare(node: Node) -> Node:
    """The expression inside any parentheses around `node` (`node` itself when they hold
    nothing)."""
    return gosyntax.unparen(node) or node


def _field_text(selector: Node) -> bytes | None:
    """The field a selector names (`Go` of `g.Go`), or None."""
    name = selector.child_by_field_name("field")
    return name.text if name is not None else None


def _node(value: object) -> Node:
    """A syntax node the package index holds (typed `object` there)."""
    assert isinstance(value, Node)
    return value


def _capacity(make: Node) -> int | None:
    args = gosyntax.call_arguments(make)
    if len(args) < 2:
        return 0
    cap = _bare(args[1])
    if cap.type == "int_literal":
        try:
            return int(_text(cap).replace("_", ""), 0)
        except ValueError:
            return None
    return None


def _bound_name(make: Node) -> tuple[str, Node] | None:
    """(name, declaring statement) for `x := make(...)` / `var x = make(...)`."""
    bound = gosyntax.bound_name(make)
    if bound is None:
        return None
    ident, stmt = bound
    name = _text(ident)
    if name == "_":
        return None
    decl = stmt.parent if stmt.type == "var_spec" else stmt
    return (name, decl) if decl is not None else None


def _bound_field(make: Node) -> tuple[str, str, str, Node] | None:
    """(base, field, struct type, declaring statement) for `v := &T{f: make(...)}` / `v := T{...}`."""
    found = gosyntax.keyed_in_literal(make)
    if found is None:
        return None
    key_id, literal, whole = found
    typ = literal.child_by_field_name("type")
    if typ is None or typ.type != "type_identifier":
        return None
    outer = whole.parent
    bound = _bound_name(whole) if outer is not None and outer.type == "expression_list" else None
    if bound is None:
        return None
    base, decl = bound
    return base, _text(key_id), _text(typ), decl


def _path(selector: Node) -> str | None:
    operand = gosyntax.unparen(selector.child_by_field_name("operand"))
    field = selector.child_by_field_name("field")
    if operand is None or field is None or operand.type != "identifier":
        return None
    return _text(operand) + "." + _text(field)


@dataclass(frozen=True)
class _Frame:
    names: frozenset[str]
    actor: Actor
    file: SourceFile
    site: Node | None  # owner-body node that stands for everything in this frame
    in_loop_base: bool  # the frame itself repeats
    loop_top: Node  # loops are counted up to here (the frame's function body)
    depth: int = 0
    bases: frozenset[str] = frozenset()  # names of structs holding the channel (field channels)


_MAX_CALL_DEPTH = 2

# One file's identifiers by name: (their start bytes, the identifier nodes), in order.
_ByName = dict[str, tuple[list[int], list[Node]]]
# A method of the struct holding the channel: its declaration, the channel's names in it
# and the struct's (its receiver).
_Method = tuple[Declaration, frozenset[str], frozenset[str]]


def _followed(frame: _Frame) -> frozenset[str]:
    """The identifiers a frame's walk looks for: its names (a field path by its base) and
    the structs holding the channel."""
    return frozenset(n.split(".", 1)[0] for n in frame.names) | frame.bases


class _IdentifierIndex:
    """Every identifier of one file by name, in source order, indexed one function body
    at a time (the first walk into a body indexes it; walks into nested literals reuse
    that) so that an edit's re-analysis does not index the whole file."""

    def __init__(self) -> None:
        self._starts: list[int] = []  # starts of the indexed ranges, sorted; ranges never overlap
        self._ranges: dict[int, tuple[int, _ByName]] = {}  # start -> (end, its identifiers)

    def within(self, node: Node, names: frozenset[str]) -> list[Node]:
        """The identifiers in `node` spelt as one of `names`, in source order."""
        by_name = self._covering(node)
        start, end = node.start_byte, node.end_byte
        found = []
        for name in names:
            entry = by_name.get(name)
            if entry is None:
                continue
            positions, nodes = entry
            i = bisect.bisect_left(positions, start)
            j = bisect.bisect_left(positions, end, i)
            found.extend(nodes[i:j])
        if len(names) > 1:
            found.sort(key=lambda n: n.start_byte)
        return found

    def _covering(self, node: Node) -> _ByName:
        start, end = node.start_byte, node.end_byte
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0:
            indexed_end, by_name = self._ranges[self._starts[i]]
            if end <= indexed_end:
                return by_name
        # Tree nodes nest: the ranges this one holds are dropped, it replaces them.
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end, lo)
        for s in self._starts[lo:hi]:
            del self._ranges[s]
        del self._starts[lo:hi]
        from goleash import parsing

        by_name = {}
        for ident in parsing.captures(_IDENTIFIER_QUERY, node).get("id", []):
            if ident.end_byte > ident.start_byte:
                positions, nodes = by_name.setdefault(_text(ident), ([], []))
                positions.append(ident.start_byte)
                nodes.append(ident)
        for positions, nodes in by_name.values():
            # Captures come in match order, which is source order; sorting is a safeguard.
            if any(a > b for a, b in itertools.pairwise(positions)):
                pairs = sorted(zip(positions, nodes), key=lambda p: p[0])
                positions[:] = [p for p, _ in pairs]
                nodes[:] = [n for _, n in pairs]
        self._starts.insert(lo, start)
        self._ranges[start] = (end, by_name)
        return by_name


_IDENTIFIER_QUERY = "(identifier) @id"


def _identifiers(file: SourceFile) -> _IdentifierIndex:
    # Kept on the file, like the declaration index (analysis.index): every channel of the
    # file, and every rule asking for them, shares it.
    cached = file.__dict__.get("_goleash_identifiers")
    if cached is None:
        cached = file.__dict__["_goleash_identifiers"] = _IdentifierIndex()
    return cached


class _Escaped(Exception):
    """The channel escaped: the rest of the walk cannot change any rule's verdict."""


def returned_only(ch: Channel) -> bool:
    """The channel's only escape is being returned by the function that made it."""
    esc = ch.escapes
    return (
        bool(esc)
        and not ch.reassigned
        and not ch.ambiguous
        and all(e.detail == "returned" and e.actor.kind is ActorKind.OWNER for e in esc)
    )


def declared_channel(
    name: str, owner: Node, file: SourceFile, decl: Node, package: Package
) -> Channel:
    """A channel variable declared without a value (`var ch chan T`), with its uses."""
    ch = Channel(name, owner, file, decl, None, 0)
    _Walker(ch, package).run()
    return ch


class _Walker:
    def __init__(self, channel: Channel, package: Package) -> None:
        self.ch = channel
        self.package = package
        self._active: set[int] = set()
        # Per walk in progress, innermost last: its frame's loop top, and whether each
        # node it went down through repeats (see _walk).
        self._repeats: list[tuple[Node, dict[int, bool]]] = []
        # The parent of every node the walks went down into: tree-sitter finds a parent
        # by walking down from the root, so asking it for each use of the channel cost
        # the square of the nesting depth (a thousand nested selects, each receiving).
        self._parent = gosyntax.Parents()

    def run(self) -> None:
        ch = self.ch
        body = ch.owner_body
        if body is None:
            return
        owner = Actor(ActorKind.OWNER, ch.file, ch.owner, None, None)
        bases = frozenset([ch.name.split(".", 1)[0]]) if ch.field else frozenset()
        try:
            self._walk(
                body, _Frame(frozenset([ch.name]), owner, ch.file, None, False, body, 0, bases)
            )
        except _Escaped:
            pass

    # -- traversal ---------------------------------------------------------

    def _walk(self, node: Node, frame: _Frame) -> None:
        # Only identifiers record anything (a use of a name, a struct base, or a call
        # handing one on), so the walk goes only down the children that hold an
        # occurrence of a name it follows: its cost is that of the paths to those
        # occurrences, not of the whole body once per channel.
        spots = _identifiers(frame.file).within(node, _followed(frame))
        if not spots:
            return
        starts = [s.start_byte for s in spots]
        # Whether each node on the way down runs once per iteration of a loop of the
        # frame (gosyntax.loops_between), learnt on the way: asking it of each use by
        # climbing to the function costs the square of the nesting depth (tree-sitter
        # finds a parent by walking down from the root).
        repeats: dict[int, bool] = {node.id: bool(gosyntax.loops_between(node, frame.loop_top))}
        self._repeats.append((frame.loop_top, repeats))
        try:
            self._walk_down(node, frame, spots, starts, repeats)
        finally:
            self._repeats.pop()

    def _walk_down(
        self,
        node: Node,
        frame: _Frame,
        spots: list[Node],
        starts: list[int],
        repeats: dict[int, bool],
    ) -> None:
        stack = self._towards(node, spots, starts, repeats)
        stack.reverse()
        while stack:
            n = stack.pop()
            t = n.type
            if t == "identifier":
                text = _text(n)
                if text in frame.names:
                    self._classify(n, frame)
                elif text in frame.bases:
                    self._base_use(n, frame)
            elif t == "selector_expression" and frame.bases and _path(n) in frame.names:
                self._classify(n, frame)
            elif t == "go_statement":
                self._go(n, frame)
            elif t == "defer_statement":
                self._defer(n, frame)
            elif t == "func_literal":
                self._closure(n, frame)
            elif t == "call_expression" and self._call(n, frame):
                pass
            else:
                stack.extend(reversed(self._towards(n, spots, starts, repeats)))

    def _towards(
        self, node: Node, spots: list[Node], starts: list[int], repeats: dict[int, bool]
    ) -> list[Node]:
        children = gosyntax.children_towards(node, spots, starts)
        self._parent.note(node, children)
        repeated = repeats[node.id]
        if node.type in gosyntax.FUNCTION_TYPES:
            repeated = False  # a loop around a function literal does not run its body
        body = node.child_by_field_name("body") if node.type in gosyntax.LOOP_TYPES else None
        for child in children:
            repeats[child.id] = repeated or (body is not None and child.id == body.id)
        return children

    def _site(self, node: Node, frame: _Frame) -> Node:
        return frame.site if frame.site is not None else node

    def _in_loop(self, node: Node, frame: _Frame) -> bool:
        if frame.in_loop_base:
            return True
        if self._repeats and self._repeats[-1][0].id == frame.loop_top.id:
            known = self._repeats[-1][1].get(node.id)
            if known is not None:
                return known
        return bool(gosyntax.loops_between(node, frame.loop_top))

    def _add(
        self, kind: OpKind, node: Node, frame: _Frame, select: Node | None = None, detail: str = ""
    ) -> None:
        self.ch.ops.append(
            Op(
                kind,
                node,
                frame.actor,
                frame.file,
                self._site(node, frame),
                select,
                self._in_loop(node, frame),
                detail,
            )
        )
        if kind is OpKind.ESCAPE and detail != "returned":
            # Served somewhere we cannot see: no rule reports such a channel (a
            # returned one is still a helper's result, GL007/GL013), so stop here.
            raise _Escaped

    # -- uses of the channel name ----------------------------------------

    def _classify(self, ident: Node, frame: _Frame) -> None:
        parent, child = gosyntax.parent_skipping_parens(ident, self._parent)
        if parent is None:
            self._add(OpKind.ESCAPE, ident, frame, detail="stored")
            return
        pt = parent.type
        above = self._parent(parent)
        if pt == "send_statement":
            if parent.child_by_field_name("channel") == child:
                sel = (
                    self._parent(above)
                    if above is not None and above.type == "communication_case"
                    else None
                )
                self._add(OpKind.SEND, parent, frame, select=sel)
            else:
                self._add(OpKind.ESCAPE, ident, frame, detail="sent over another channel")
            return
        if pt == "unary_expression" and gosyntax.field(parent, "operator").type == "<-":
            sel = None
            up = above
            if up is not None and up.type == "receive_statement":
                up = self._parent(up)
            if (
                up is not None
                and up.type == "communication_case"
                and up.child_by_field_name("communication") in (parent, above)
            ):
                sel = self._parent(up)
            self._add(OpKind.RECV, parent, frame, select=sel)
            return
        if (
            pt == "range_clause"
            and parent.child_by_field_name("right") == child
            and above is not None
        ):
            self._add(OpKind.RANGE, above, frame)
            return
        if pt == "argument_list" and above is not None:
            callee = gosyntax.callee_text(above)
            if callee == "close":
                self._add(OpKind.CLOSE, above, frame)
            elif callee in ("len", "cap"):
                pass
            else:
                self._add(
                    OpKind.ESCAPE, ident, frame, detail=f"passed to `{callee or 'a function'}`"
                )
            return
        if pt == "binary_expression":
            return  # ch == nil and the like
        if pt == "expression_list":
            stmt = above
            if stmt is not None and stmt.type == "return_statement":
                self._add(OpKind.ESCAPE, ident, frame, detail="returned")
                return
            if (
                stmt is not None
                and stmt.type in ("short_var_declaration", "assignment_statement", "range_clause")
                and stmt.child_by_field_name("left") == parent
            ):
                if stmt == self.ch.decl:
                    return
                if stmt.type == "assignment_statement":
                    self.ch.reassigned = True
                else:
                    self.ch.ambiguous = True
                return
        if pt == "return_statement":
            self._add(OpKind.ESCAPE, ident, frame, detail="returned")
            return
        if pt == "var_spec" and child in parent.children_by_field_name("name"):
            if above != self.ch.decl and parent != self.ch.decl:
                self.ch.ambiguous = True
            return
        if pt in ("inc_statement", "dec_statement"):
            return
        self._add(OpKind.ESCAPE, ident, frame, detail="stored")

    def _base_use(self, ident: Node, frame: _Frame) -> None:
        """A use of the struct that holds the channel, other than through the field."""
        sel = gosyntax.selector_of(ident, self._parent)
        if sel is not None:
            up = self._parent(sel)
            if (
                up is not None
                and up.type == "call_expression"
                and up.child_by_field_name("function") == sel
            ):
                name = _text(gosyntax.field(sel, "field"))
                self._add(
                    OpKind.ESCAPE,
                    ident,
                    frame,
                    detail=f"its struct's method `{name}` is not visible",
                )
            return  # another field of the struct
        parent, _child = gosyntax.parent_skipping_parens(ident)
        if (
            parent is not None
            and parent.type == "expression_list"
            and self._parent(parent) == self.ch.decl
        ):
            return  # the declaration itself
        self._add(OpKind.ESCAPE, ident, frame, detail="the struct holding it is passed on")

    def _method_target(self, call: Node, frame: _Frame) -> _Method | None:
        """For `v.m(...)` on the struct holding the channel: (declaration, names, bases) in `m`."""
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if not frame.bases or fn is None or fn.type != "selector_expression":
            return None
        operand = gosyntax.unparen(fn.child_by_field_name("operand"))
        if operand is None or operand.type != "identifier" or _text(operand) not in frame.bases:
            return None
        decl = self.package.method(_text(gosyntax.field(fn, "field")), self.ch.type_name)
        recv = gosyntax.receiver_text(_node(decl.node)) if decl is not None else None
        if decl is None or not recv or recv == "_":
            return None
        names = frozenset({f"{recv}.{self.ch.field}"}) | self._bind_arguments(
            call, _node(decl.node), frame
        )
        return decl, names, frozenset({recv})

    # -- things that start other actors ------------------------------------

    def _bind_arguments(self, call: Node, func: Node, frame: _Frame) -> frozenset[str]:
        """Names that alias the channel inside `func` (empty if nothing is passed)."""
        params = gosyntax.parameters(func)
        variadic = gosyntax.variadic_parameter(func)
        args = gosyntax.call_arguments(call)
        aliases = set()
        for i, arg in enumerate(args):
            a = _bare(arg)
            if variadic is not None and i >= len(params) - 1:
                break  # VARIADIC_UNBOUND (scopes.py): a slice of the arguments, not an alias
            if a.type == "identifier" and _text(a) in frame.names and i < len(params):
                if params[i][0] and params[i][0] != "_":
                    aliases.add(params[i][0])
        return frozenset(aliases)

    def _walk_arguments(self, call: Node, frame: _Frame, passed: frozenset[str]) -> None:
        """Arguments are evaluated by the caller; channel names passed on are not escapes."""
        args = call.child_by_field_name("arguments")
        if args is None:
            return
        for arg in args.named_children:
            a = _bare(arg)
            if a.type == "identifier" and _text(a) in frame.names and passed:
                continue
            if a.type == "identifier":
                if _text(a) in frame.names:
                    self._classify(a, frame)
                continue
            self._walk_node(a, frame)

    def _walk_node(self, node: Node, frame: _Frame) -> None:
        if node.type == "identifier":
            if _text(node) in frame.names:
                self._classify(node, frame)
            return
        if node.type == "func_literal":
            self._closure(node, frame)
            return
        if node.type == "call_expression" and self._call(node, frame):
            return
        self._walk(node, frame)

    def _literal_names(self, lit: Node, frame: _Frame, aliases: frozenset[str]) -> frozenset[str]:
        shadowing = {p for p, _ in gosyntax.parameters(lit)}
        kept = {n for n in frame.names if n.split(".", 1)[0] not in shadowing}
        return frozenset(kept) | aliases

    def _spawn(
        self,
        kind: ActorKind,
        start: Node,
        call: Node | None,
        target: Node | Declaration,
        frame: _Frame,
        repeated: bool,
        method: _Method | None = None,
    ) -> bool:
        """Walk the body of `target` (func literal or Declaration) as a new actor."""
        bases = frame.bases
        func: Node
        if method is not None:
            _, names, bases = method
            assert isinstance(target, Declaration)
            func, file = _node(target.node), target.file
        elif isinstance(target, Declaration):
            func, file = _node(target.node), target.file
            aliases = self._bind_arguments(call, func, frame) if call is not None else frozenset()
            if not aliases:
                return False
            names = aliases
            bases = frozenset()
        else:
            func, file = target, frame.file
            aliases = self._bind_arguments(call, func, frame) if call is not None else frozenset()
            names = self._literal_names(func, frame, aliases)
        body = func.child_by_field_name("body")
        if body is None or not names:
            return True
        key = func.id
        if key in self._active or frame.depth > _MAX_CALL_DEPTH:
            return True
        actor = Actor(kind, file, func, start, self._site(start, frame), repeated)
        self._active.add(key)
        try:
            self._walk(body, _Frame(names, actor, file, None, False, body, frame.depth + 1, bases))
        finally:
            self._active.discard(key)
        return True

    def _go(self, stmt: Node, frame: _Frame) -> None:
        call = stmt.named_children[0] if stmt.named_children else None
        if call is None or call.type != "call_expression":
            self._walk(stmt, frame)
            return
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        # A closure may be called any number of times, and so start many goroutines.
        repeated = self._in_loop(stmt, frame) or frame.actor.kind is ActorKind.CLOSURE
        if fn is not None and fn.type == "func_literal":
            aliases = self._bind_arguments(call, fn, frame)
            self._walk_arguments(call, frame, aliases)
            self._spawn(ActorKind.GOROUTINE, stmt, call, fn, frame, repeated)
            return
        method = self._method_target(call, frame)
        if method is not None:
            self._walk_arguments(call, frame, method[1])
            self._spawn(ActorKind.GOROUTINE, stmt, call, method[0], frame, repeated, method)
            return
        decl = self.package.resolve_callee(call)
        passes = self._passes_channel(call, frame)
        if decl is not None and passes:
            aliases = self._bind_arguments(call, _node(decl.node), frame)
            self._walk_arguments(call, frame, aliases)
            self._spawn(ActorKind.GOROUTINE, stmt, call, decl, frame, repeated)
            return
        if passes:
            name = gosyntax.callee_text(call) or "a function"
            for arg in gosyntax.call_arguments(call):
                a = _bare(arg)
                if a.type == "identifier" and _text(a) in frame.names:
                    self._add(
                        OpKind.ESCAPE,
                        a,
                        frame,
                        detail=f"handed to goroutine `{name}` whose body is not visible",
                    )
            return
        self._walk(stmt, frame)

    def _passes_channel(self, call: Node, frame: _Frame) -> bool:
        for arg in gosyntax.call_arguments(call):
            a = _bare(arg)
            if a.type == "identifier" and _text(a) in frame.names:
                return True
        return False

    def _defer(self, stmt: Node, frame: _Frame) -> None:
        call = stmt.named_children[0] if stmt.named_children else None
        if call is None or call.type != "call_expression":
            return
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if frame.actor.kind is ActorKind.OWNER:
            deferred = Actor(ActorKind.DEFERRED, frame.file, None, stmt, self._site(stmt, frame))
        else:
            deferred = frame.actor  # a goroutine's defers run in that goroutine
        dframe = _Frame(
            frame.names,
            deferred,
            frame.file,
            self._site(stmt, frame),
            frame.in_loop_base,
            frame.loop_top,
            frame.depth,
            frame.bases,
        )
        if fn is not None and fn.type == "func_literal":
            self._run_literal(call, fn, frame, deferred, self._site(stmt, frame), False)
            return
        self._walk(stmt, dframe)

    def _run_literal(
        self, call: Node, lit: Node, frame: _Frame, actor: Actor, site: Node, in_loop: bool
    ) -> None:
        """`func(...){ ... }(args)` run where it is called (or deferred), by `actor`: its
        arguments bound to its parameters and walked, then its body."""
        aliases = self._bind_arguments(call, lit, frame)
        self._walk_arguments(call, frame, aliases)
        names = self._literal_names(lit, frame, aliases)
        body = lit.child_by_field_name("body")
        if names and body is not None:
            self._walk(
                body,
                _Frame(names, actor, frame.file, site, in_loop, body, frame.depth, frame.bases),
            )

    def _closure(self, lit: Node, frame: _Frame) -> None:
        names = self._literal_names(lit, frame, frozenset())
        body = lit.child_by_field_name("body")
        if not names or body is None:
            return
        calls = (
            _calls_of_its_local(lit, frame.loop_top)
            if frame.actor.kind is ActorKind.GOROUTINE
            else None
        )
        if calls:
            # CALLED_IN_ITS_GOROUTINE: `emit := func(rec record) bool {... out <- rec ...}`,
            # a local helper the goroutine calls itself, runs in that goroutine, once per
            # round of the loop around a call (blind dev p557). Trade-off: a helper also
            # handed to other code is still taken as run here only.
            in_loop = any(self._in_loop(c, frame) for c in calls)
            self._walk(
                body,
                _Frame(
                    names, frame.actor, frame.file, None, in_loop, body, frame.depth, frame.bases
                ),
            )
            return
        actor = Actor(ActorKind.CLOSURE, frame.file, lit, lit, self._site(lit, frame))
        self._walk(
            body, _Frame(names, actor, frame.file, None, False, body, frame.depth + 1, frame.bases)
        )

    def _call(self, call: Node, frame: _Frame) -> bool:
        """Handle calls that run code we can see; False to let the walker descend."""
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None:
            return False
        if fn.type == "func_literal":
            # func(){ ... }() runs right here, in the current actor.
            self._run_literal(
                call, fn, frame, frame.actor, self._site(call, frame), self._in_loop(call, frame)
            )
            return True
        args = gosyntax.call_arguments(call)
        if (
            fn.type == "selector_expression"
            and _field_text(fn) == b"Go"
            and len(args) == 1
            and _bare(args[0]).type == "func_literal"
        ):
            # errgroup.Group.Go / sync.WaitGroup.Go: the literal is a goroutine body.
            self._walk(fn, frame)
            self._spawn(
                ActorKind.GOROUTINE, call, None, _bare(args[0]), frame, self._in_loop(call, frame)
            )
            return True
        method = self._method_target(call, frame)
        if method is not None:
            target, names, bases = method
            node = _node(target.node)
            method_body = target.body
            if frame.depth >= _MAX_CALL_DEPTH or node.id in self._active or method_body is None:
                return False
            method_body = _node(method_body)
            self._walk_arguments(call, frame, names)
            self._active.add(node.id)
            try:
                self._walk(
                    method_body,
                    _Frame(
                        names,
                        frame.actor,
                        target.file,
                        self._site(call, frame),
                        self._in_loop(call, frame),
                        method_body,
                        frame.depth + 1,
                        bases,
                    ),
                )
            finally:
                self._active.discard(node.id)
            return True
        if not self._passes_channel(call, frame) or gosyntax.callee_text(call) in (
            "close",
            "len",
            "cap",
        ):
            return False
        decl = self.package.resolve_callee(call)
        if decl is None or frame.depth >= _MAX_CALL_DEPTH or _node(decl.node).id in self._active:
            return False
        node = _node(decl.node)
        aliases = self._bind_arguments(call, node, frame)
        if not aliases:
            return False
        self._walk(fn, frame)
        self._walk_arguments(call, frame, aliases)
        body = decl.body
        if body is None:
            return True
        body = _node(body)
        self._active.add(node.id)
        try:
            self._walk(
                body,
                _Frame(
                    aliases,
                    frame.actor,
                    decl.file,
                    self._site(call, frame),
                    self._in_loop(call, frame),
                    body,
                    frame.depth + 1,
                ),
            )
        finally:
            self._active.discard(node.id)
        return True


def _calls_of_its_local(lit: Node, scope: Node | None) -> list[Node] | None:
    """The calls of the local a literal is bound to (`emit := func(...) {...}`) within
    `scope`, when the local is only ever called there; None otherwise."""
    decl = lit.parent.parent if lit.parent is not None else None
    if decl is None or decl.type != "short_var_declaration" or scope is None:
        return None
    left = decl.child_by_field_name("left")
    right = decl.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return None
    if len(right.named_children) != 1 or gosyntax.unparen(right.named_children[0]) != lit:
        return None
    name = gosyntax.text(left.named_children[0])
    calls: list[Node] = []
    for ident in gosyntax.descendants(scope, "identifier"):
        if gosyntax.text(ident) != name or ident.start_byte < decl.end_byte:
            continue
        call = ident.parent
        if (
            call is None
            or call.type != "call_expression"
            or call.child_by_field_name("function") != ident
        ):
            return None  # handed on, stored or reassigned
        calls.append(call)
    return calls or None
