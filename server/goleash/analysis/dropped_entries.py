"""A worker's entry dropped from the map that keeps it, without the close the package
gives it when it drops one elsewhere.

A registry keeps one object per key in a map field and starts a worker for each, which
ranges over a channel of its object. The package's own way of removing an entry
closes that channel, so the worker ends; a method that deletes the entry without
doing so leaves the worker waiting for a value nobody can send any more:

    func (r *Room) Join(name string, c Conn) {
        m := newMember(name, c)
        r.members[name] = m
        go m.writeLoop()                     // for msg := range m.send
    }

    func (r *Room) dropLocked(m *member) {   // the release: delete and close
        delete(r.members, m.name)
        close(m.send)
    }

    func (r *Room) Leave(name string) {
        delete(r.members, name)              // m.send is never closed: writeLoop waits for good
    }

The fix calls the package's release (or closes the channel) where the entry is dropped.

Guards, each a trade-off:
- RELEASED_ELSEWHERE: some function of the package both deletes from the map and
  closes the worker's channel: the package shows that dropping an entry means closing
  it. Or RELEASED_BY_A_WALK: a function closes the channel of each entry in a walk over
  the map, or over a local it took the map into (`workers := a.workers; a.workers =
  nil`), as a `Close` does. A registry that never closes its workers' channels is a different question
  (unclosed_fields.unclosed_queue_verdicts), not judged here.
- KEY_LIST_WALK: when the walk that closes the channels reads a list of keys kept
  beside the map (`for _, id := range h.order { close(h.stations[id].reqs) }`), an
  entry a caller of the starter adds without appending its key to that list is in no
  walk (`_left_out_of_the_key_list`, with LIST_REBUILT).
- KEPT_ONLY_THERE: the starter keeps the object in that map alone (its other uses are
  the `go` and calls of its own methods): an object also handed elsewhere may be
  released by its other owner.
- VALUE_NOT_TAKEN: the dropping function never takes an entry's value out of the map
  (a lookup that binds only the `ok`, or ignores the value, is fine), does not store
  into the map a value taken out of it (a rename moves the entry; a worker just made
  for a new key is a fresh entry, FRESH_ENTRY), and neither closes the channel nor calls a
  function of the package that does. A function that holds the value may hand it on.
- The worker's range is its only way out, and the dropping function is neither the
  worker nor a function it calls (a worker removing itself on its way out has ended).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.functions import started_goroutines
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.replaced_entries import map_alias, map_stores, presence_guarded
from goleash.analysis.stop_signals import ranged_fields
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Start
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile


def _field_closes(field: str) -> re.Pattern[bytes]:
    """`close(x.field)`, `close(h.m[k].field)`, ... as text; group 1 is what holds the
    channel (`x`, `h.m[k]`)."""
    return re.compile(rb"close\(\s*([\w.()\[\]]*)\." + re.escape(field.encode()) + rb"\s*\)")


@dataclass(frozen=True)
class Drop:
    """A `delete(x.field, key)` that drops an entry without releasing it."""

    call: tree_sitter.Node  # the delete call
    func: Function  # the function holding it
    release: tree_sitter.Node  # the package's own close, beside a delete elsewhere
    release_file: SourceFile
    member: str | None = None  # the object handed to a removal helper (`c`), REMOVED_BY_A_HELPER
    # RETURNS_BEFORE_CLOSING: the `return` after the delete that leaves without the close
    # the same function makes on its other way out (then `release` is that close).
    way_out: tree_sitter.Node | None = None


def dropped_entry_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "entry-dropped", at the worker's `range` over its object's channel."""
    out: list[Verdict] = []
    for start in started_goroutines(
        liveness.functions,
        liveness.file,
        go_statements,
        skip_process_lifetime=True,
        once_per_goroutine=True,
    ):
        worker = start.goroutine
        literal = worker.node.type == "func_literal"
        if worker.node.type != "method_declaration" and not literal:
            continue
        ranged = ranged_fields(worker)
        if literal:
            # LITERAL_WORKER: `go func() { for v := range s.ch { ... } }()` on the
            # starter's own `s`: the worker is the literal, the object its captured local.
            obj = _ranged_local(start, ranged) if len(ranged) == 1 else None
            map_field = _kept_only_in_map(start, obj, worker.node) if obj is not None else None
            if map_field is None:
                continue  # the member shapes below are about methods' receivers
        else:
            obj = _started_on(start) if ranged else None
            map_field = _kept_only_in_map(start, obj) if obj is not None else None
        for field, (_type_name, header) in ranged.items():
            assert header.ast is not None  # a loop header is its for statement
            replaced = unregistered = False
            key_list = None
            if map_field is not None:
                if paths.left_early(header.ast):
                    continue  # the worker has another way out
                drop = _first_drop(liveness, worker, map_field, field)
                held_in = map_field
            else:
                found = _dropped_member(liveness, worker, field)
                through = None
                # Read from every file once, and only when the cheaper shapes found nothing.
                members_only = found is None and _sent_only_to_members(liveness, field)
                if members_only:
                    helped = _removed_through_a_helper(liveness, worker, field)
                    if helped is not None:
                        found, through = (helped[0], ""), helped[1]
                if found is None and (members_only or not paths.left_early(header.ast)):
                    found = _dropped_from_a_map_of_its_type(liveness, worker, field)
                handed = _handed_type(worker, header)
                if found is None and handed is not None and not paths.left_early(header.ast):
                    # ARGUMENT_WORKER: `go p.forward(t)` ranging over `t.in`.
                    found = _dropped_from_a_map_of_its_type(liveness, worker, field, handed)
                if found is None and not paths.left_early(header.ast):
                    found = _replaced_unclosed(liveness, worker, field)
                    replaced = found is not None
                if found is None and not paths.left_early(header.ast):
                    found = _left_unregistered(liveness, start, worker, field, header)
                    unregistered = found is not None
                if found is None and not paths.left_early(header.ast):
                    unlisted = _left_out_of_the_key_list(liveness, start, worker, field, header)
                    if unlisted is not None:
                        found = unlisted[:2]
                        key_list = (unlisted[2], start.starter, _key_in_the_caller(start, unlisted))
                drop, held_in = found if found is not None else (None, "")
            moved = None
            if drop is None and not literal:
                moved = _moved_out_of_the_walk(liveness, start, worker, field, header)
                if moved is not None:
                    drop, held_in = moved[0], moved[1]
            if drop is None:
                continue
            event = next(ev for ev in header.events if ev.kind == "range")
            ident = Identity.of_field(worker, _shown(event) or field, field)
            out.append(
                Verdict(
                    "entry-dropped",
                    ident,
                    event,
                    worker,
                    Partner(start.spawn, worker, Summary.uncounted(), "goroutine"),
                    detail={
                        "drop": drop,
                        "map_field": held_in,
                        "member": map_field is None,
                        "through": through if map_field is None else None,
                        "moved_to": moved[2] if moved is not None else None,
                        "replaced": replaced,
                        "unregistered": unregistered,
                        "key_list": key_list,
                    },
                )
            )
    return out


def _dropped_member(liveness: Liveness, worker: Function, field: str) -> tuple[Drop, str] | None:
    """MEMBERS_OF_A_SET: (the drop, the map's text) where one function of the package
    keeps the workers' objects in a map of its own (a hub's `clients` in its run loop)
    and drops them at several places: beside one `delete(m, c)` it closes `c.field`, so
    the worker ends; beside another it does not. The plain `delete` whose block does
    nothing else with `c` leaves the worker ranging for good. Trade-off: fields are
    matched by name, and a close made elsewhere on the plain path (a helper it calls on
    the key) is looked for only in that block."""
    closes = re.compile(rb"close\(\s*\w+\s*\.\s*" + re.escape(field.encode()) + rb"\s*\)")
    for f in liveness.package.files:
        if b"delete(" not in f.data or closes.search(f.data) is None:
            continue
        for top in f.root.children:
            if top.type not in ("function_declaration", "method_declaration"):
                continue
            text = top.text or b""
            if b"delete(" not in text or closes.search(text) is None:
                continue
            func = liveness.functions.get(top, f)
            if func.node == worker.node or _calls(worker, func):
                continue  # a worker removing itself on its way out has ended
            found = _plain_delete(top, field)
            if found is not None and _sent_only_in(liveness, top, field):
                call, release, map_text = found
                return Drop(call, func, release, f), map_text
    return None


def _removed_through_a_helper(
    liveness: Liveness, worker: Function, field: str
) -> tuple[Drop, str] | None:
    """REMOVED_BY_A_HELPER: (the drop, the helper's name) where the package takes a
    worker's object out of its registry through a helper (`h.removeLocked(c)`, whose body
    deletes from a map and which is handed an object of the worker's type), one caller
    of which closes the worker's channel beside it (`disconnectLocked`: remove, then
    `close(c.send)`) while another neither closes it nor calls a function that does
    (`Leave`). Once removed, nothing reaches the object to close it.
    SENT_ONLY_TO_MEMBERS (the caller's): every send on `x.field` in the package is made
    in a loop over a map's entries (the registry's broadcast): a removed object gets no
    more values, so the worker's ways out inside its loop, each after a value, are never
    reached.
    Trade-off: a caller that closes the channel through a method of its own under
    another name than a closer of the package is missed; one that hands the object to
    unseen code that closes it is reported."""
    type_name = receiver_type_name(worker.node)
    if type_name is None:
        return None
    closes = _field_closes(field)
    for helper in _removal_helpers(liveness, type_name):
        releasing: tuple[tree_sitter.Node, SourceFile] | None = None
        registries: set[str] = set()
        dropping: list[tuple[tree_sitter.Node, Function]] = []
        for call, caller in liveness.functions.call_sites(helper):
            if caller.node == worker.node or _calls(worker, caller):
                continue  # a worker removing itself on its way out has ended
            found = closes.search(caller.node.text or b"")
            if found is not None:
                at = caller.node.start_byte + found.start()
                node = caller.file.root.descendant_for_byte_range(at, at + 1)
                if node is not None and releasing is None:
                    releasing = (node, caller.file)
                registries |= _maps_deleted_from(caller.node)
            elif not _calls_a_closer(liveness, caller, closes):
                dropping.append((call, caller))
        # STILL_REGISTERED: the release also deletes the object from a registry of its
        # own (`delete(g.sessions, s.id)` beside the helper): a caller that leaves it
        # there (`Unsubscribe` dropping one symbol) has not dropped it.
        dropping = [
            (call, caller)
            for call, caller in dropping
            if not registries or _maps_deleted_from(caller.node) & registries
        ]
        if releasing is not None and dropping:
            call, caller = dropping[0]
            name = gosyntax.function_name(helper.node) or "the helper"
            index = next(
                i
                for i, (_n, typ) in enumerate(gosyntax.parameters(helper.node))
                if base_type_name(typ) == type_name
            )
            args = gosyntax.call_arguments(call)
            member = gosyntax.text(args[index]) if index < len(args) else None
            return Drop(call, caller, releasing[0], releasing[1], member), name
    return None


def _maps_deleted_from(func: tree_sitter.Node) -> set[str]:
    """The map fields the function deletes from itself (`delete(g.sessions, id)`: `sessions`)."""
    out: set[str] = set()
    for n in gosyntax.walk(func):
        if n.type != "call_expression" or gosyntax.callee_text(n) != "delete":
            continue
        args = gosyntax.call_arguments(n)
        target = gosyntax.unparen(args[0]) if args else None
        if target is not None and target.type == "selector_expression":
            out.add(gosyntax.text(gosyntax.field(target, "field")))
    return out


def _replaced_unclosed(liveness: Liveness, worker: Function, field: str) -> tuple[Drop, str] | None:
    """REPLACED_UNCLOSED: (the drop, the map field) where a function looks the worker's
    object up in a map field (`old, ok := g.sessions[id]`) and stores another under the
    same key (`g.sessions[id] = s`) without closing `old.field`, while the package, where
    it drops an entry from that map, closes it (`delete(g.sessions, s.id); close(s.out)`,
    RELEASED_ELSEWHERE): the replaced object's worker ranges for good. Trade-off: an old
    object handed to a function that closes it under another name is missed, and the
    store is reported."""
    type_name = receiver_type_name(worker.node)
    if type_name is None:
        return None
    closes = _field_closes(field)
    # Only maps a file both deletes from and closes the channel beside can have a
    # release (RELEASED_ELSEWHERE): read from the text before any file is parsed.
    deleted = re.compile(rb"\bdelete\(\s*[\w.()\[\]]*\.(\w+)\s*,")
    maps = {
        m.group(1).decode()
        for f in liveness.package.files
        if closes.search(f.data) is not None
        for m in deleted.finditer(f.data)
    }
    stores = (
        pair for map_field in sorted(maps) for pair in map_stores(liveness.package.files, map_field)
    )
    for f, stmt in stores:
        top = gosyntax.enclosing_function(stmt)
        if top is None or top.type == "func_literal":
            continue
        left = gosyntax.field(stmt, "left").named_children
        if len(left) != 1:
            continue
        target = gosyntax.unparen(left[0])
        map_field = gosyntax.indexed_field(target)
        index = target.child_by_field_name("index") if target is not None else None
        if map_field is None or index is None:
            continue
        old = _looked_up_before(top, map_field, gosyntax.text(index), stmt)
        if old is None or closes.search(top.text or b"") is not None:
            continue
        stored = gosyntax.field(stmt, "right").named_children
        if [gosyntax.text(v) for v in stored] == [gosyntax.text(old[1])]:
            continue  # the entry stored back
        if presence_guarded(stmt, top, map_field):
            continue  # MAY_HOLD_ONE's converse: stored only where the key is free
        func = liveness.functions.get(top, f)
        if func.node == worker.node or _calls_a_closer(liveness, func, closes):
            continue
        if func.resolver.expr_type(old[1]) not in (type_name, f"*{type_name}"):
            continue
        release = _release_of(liveness, map_field, closes)
        if release is None:
            continue
        return Drop(stmt, func, release[0], release[1], gosyntax.text(old[1])), map_field
    return None


def _looked_up_before(
    func: tree_sitter.Node, map_field: str, key: str, store: tree_sitter.Node
) -> tuple[tree_sitter.Node, tree_sitter.Node] | None:
    """(the lookup, the name bound) of `old, ok := x.map_field[key]` before `store`."""
    for decl in gosyntax.descendants(func, "short_var_declaration"):
        if decl.start_byte >= store.start_byte:
            break
        names = gosyntax.field(decl, "left").named_children
        values = gosyntax.field(decl, "right").named_children
        if len(values) != 1 or not names or names[0].type != "identifier":
            continue
        value = gosyntax.unparen(values[0])
        if (
            value is not None
            and gosyntax.indexed_field(value) == map_field
            and gosyntax.text(gosyntax.field(value, "index")) == key
            and gosyntax.text(names[0]) != "_"
        ):
            return decl, names[0]
    return None


def _release_of(
    liveness: Liveness, map_field: str, closes: re.Pattern[bytes]
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """The close of a function that deletes from the map field and closes the channel."""
    for _call, func in _deletes(liveness, map_field):
        found = closes.search(func.node.text or b"")
        if found is not None:
            at = func.node.start_byte + found.start()
            node = func.file.root.descendant_for_byte_range(at, at + 1)
            if node is not None:
                return node, func.file
    return None


def _dropped_from_a_map_of_its_type(
    liveness: Liveness, worker: Function, field: str, type_name: str | None = None
) -> tuple[Drop, str] | None:
    """MAP_OF_ITS_TYPE: (the drop, the map field) where a map field of the package holds
    the worker's objects (`subs map[string]*Sub`) and one function deletes from it and
    closes the channel while another deletes without (RELEASED_ELSEWHERE and
    VALUE_NOT_TAKEN, as for a map the starter keeps the object in). The object may be
    stored by another function than the one starting its worker (a constructor starts
    it, `Subscribe` stores it); the worker's ways out inside its loop count only when
    the package sends to members alone (SENT_ONLY_TO_MEMBERS, the caller's).
    KEPT_IN_ONE_MAP: no other field of the package holds a pointer to the type (a list
    of all members, a `last` field): another owner may release it. `type_name` names the
    objects' type when the worker is handed its object (`go p.forward(t)`)."""
    type_name = type_name or receiver_type_name(worker.node)
    holders = liveness.package.derived("fields_holding", _fields_holding).get(type_name or "", ())
    maps = [name for name, kind in holders if kind == "map"]
    others = [kind for _name, kind in holders if kind != "map"]
    if len(maps) != 1 or (
        others and ("other" in others or not _closed_only_with_the_map(liveness, maps[0], field))
    ):
        return None  # KEPT_IN_ONE_MAP: held in a list or a field too, another owner may close it
    for map_field in maps:
        drop = _first_drop(liveness, worker, map_field, field)
        if drop is not None:
            # "" when the object is not in hand: the key is not it (`delete(p.tenants,
            # name)` outside a range over the map), and no fix can name it.
            member = _member_deleted(drop, type_name) or _ranged_member(drop, map_field) or ""
            return replace(drop, member=member), map_field
    return None


def _closed_only_with_the_map(liveness: Liveness, map_field: str, field: str) -> bool:
    """CLOSED_ONLY_WITH_THE_MAP, KEPT_IN_ONE_MAP's limit: another field holds a pointer to
    the object too (`m.sub`, a monitor's own subscription; not a list of them, which a
    walk elsewhere may close), but every `close(x.field)` of the package
    is in a function that deletes from the map or walks it: the other owner can only end
    the worker through the map's own release, so it is no second way out. Trade-off: an
    owner whose method closes through a package function that also walks the map is
    taken to use that release."""
    closes = _field_closes(field)
    walks = re.compile(rb"range\s+[\w.()]*\." + re.escape(map_field.encode()) + rb"\b")
    deletes = re.compile(rb"delete\(\s*[\w.()]*\." + re.escape(map_field.encode()) + rb"\s*,")
    found = False
    for f in liveness.package.files:
        for m in closes.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            func = liveness.functions.enclosing(node, f) if node is not None else None
            top = gosyntax.top_level(func.node) if func is not None else None
            text = top.text or b"" if top is not None else b""
            if not (walks.search(text) or deletes.search(text)):
                return False
            found = True
    return found


def _ranged_member(drop: Drop, map_field: str) -> str | None:
    """`t` of `for name, t := range p.tenants { ... delete(p.tenants, name) }`: the value
    of the range whose key the delete drops."""
    args = gosyntax.call_arguments(drop.call)
    key = gosyntax.unparen(args[1]) if len(args) == 2 else None
    if key is None or key.type != "identifier":
        return None
    for a in gosyntax.ancestors(drop.call, drop.func.node):
        clause = gosyntax.range_clause(a)
        if clause is None:
            continue
        left = clause.child_by_field_name("left")
        names = left.named_children if left is not None else []
        if (
            len(names) == 2
            and gosyntax.text(names[0]) == gosyntax.text(key)
            and gosyntax.text(names[1]) != "_"
            and gosyntax.selects_field(clause.child_by_field_name("right"), map_field)
        ):
            return gosyntax.text(names[1])
    return None


def _member_deleted(drop: Drop, type_name: str | None) -> str | None:
    """The object a `delete(h.subs, s.id)` drops: `s`, the key's holder when it is of the
    worker's type (or the key itself, for a map keyed by the object)."""
    args = gosyntax.call_arguments(drop.call)
    key = gosyntax.unparen(args[1]) if len(args) == 2 else None
    if key is not None and key.type == "selector_expression":
        key = gosyntax.unparen(key.child_by_field_name("operand"))
    if key is None or key.type != "identifier" or type_name is None:
        return None
    return gosyntax.text(key) if drop.func.resolver.expr_type(key) == type_name else None


def _fields_holding(files: list[SourceFile]) -> dict[str, tuple[tuple[str, str], ...]]:
    """{type name: (field, "map" for a map of pointers to it, "pointer" for a pointer
    itself, "other") for each struct field of the package whose type holds a pointer to
    it (`subs map[string]*Sub`, `last *Sub`, `all []*Sub`)}."""
    out: dict[str, list[tuple[str, str]]] = {}
    for f in files:
        for node in gosyntax.descendants(f.root, "field_declaration"):
            typ = node.child_by_field_name("type")
            if typ is None:
                continue
            value = typ.child_by_field_name("value") if typ.type == "map_type" else None
            is_map = value is not None and value.type == "pointer_type"
            held = {
                name
                for p in [typ, *gosyntax.walk(typ)]
                if p.type == "pointer_type" and (name := base_type_name(p)) is not None
            }
            kind = "map" if is_map else "pointer" if typ.type == "pointer_type" else "other"
            for name in held:
                for n in node.children_by_field_name("name"):
                    out.setdefault(name, []).append((gosyntax.text(n), kind))
    return {k: tuple(v) for k, v in out.items()}


def _removal_helpers(liveness: Liveness, type_name: str) -> Iterator[Function]:
    """The package's functions that delete from a map and take an object of the type."""
    for f in liveness.package.files:
        if b"delete(" not in f.data:
            continue
        for top in f.root.named_children:
            if top.type not in ("function_declaration", "method_declaration"):
                continue
            if b"delete(" not in (top.text or b""):
                continue
            if any(
                base_type_name(typ) == type_name and typ is not None and typ.type == "pointer_type"
                for _name, typ in gosyntax.parameters(top)
            ):
                yield liveness.functions.get(top, f)


def _sent_only_to_members(liveness: Liveness, field: str) -> bool:
    """SENT_ONLY_TO_MEMBERS: every send on `x.field` sits in a `for _, x := range` (or
    `for x := range`) loop."""
    sends = re.compile(rb"(\w+)\s*\.\s*" + re.escape(field.encode()) + rb"\s*<-")
    found = False
    for f in liveness.package.files:
        for m in sends.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            holder = m.group(1).decode()
            loop = node
            while loop is not None and not (
                loop.type == "for_statement"
                and any(
                    c.type == "range_clause"
                    and (left := c.child_by_field_name("left")) is not None
                    and any(gosyntax.text(v) == holder for v in left.named_children)
                    for c in loop.named_children
                )
            ):
                if loop.type in gosyntax.FUNCTION_TYPES:
                    return False
                loop = loop.parent
            if loop is None:
                return False
            found = True
    return found


def _sent_only_in(liveness: Liveness, func: tree_sitter.Node, field: str) -> bool:
    """SENT_ONLY_BY_THE_SET: every send on `x.field` in the package is in `func`, the
    set's owner. Once it has dropped a member it sends on its channel no more, so the
    worker's ways out inside its loop, each after a value, are never reached either."""
    sends = re.compile(rb"\.\s*" + re.escape(field.encode()) + rb"\s*<-")
    for f in liveness.package.files:
        for m in sends.finditer(f.data):
            if f.root != func.parent or not func.start_byte <= m.start() < func.end_byte:
                return False
    return True


def _plain_delete(
    func: tree_sitter.Node, field: str
) -> tuple[tree_sitter.Node, tree_sitter.Node, str] | None:
    """(a plain `delete(m, k)`, a `close(k2.field)` beside another delete from `m`, the
    text of `m`) in `func`."""
    releasing: dict[str, tree_sitter.Node] = {}
    plain: list[tuple[str, tree_sitter.Node, tree_sitter.Node]] = []
    for call in gosyntax.walk(func, skip_functions=False):
        if call.type != "call_expression" or gosyntax.callee_text(call) != "delete":
            continue
        args = gosyntax.call_arguments(call)
        statement = gosyntax.innermost_statement(call)
        block = statement.parent if statement is not None else None
        if len(args) != 2 or args[1].type != "identifier" or block is None:
            continue
        map_text, key = gosyntax.text(args[0]), gosyntax.text(args[1])
        beside = [s for s in gosyntax.statements(block) if s != statement]
        close = next((c for s in beside for c in _closes_of(s, key, field)), None)
        if close is not None:
            releasing.setdefault(map_text, close)
        elif not any(gosyntax.mentions(s, {key}) for s in beside):
            plain.append((map_text, call, block))
    for map_text, call, _block in plain:
        if map_text in releasing:
            return call, releasing[map_text], map_text
    return None


def _closes_of(stmt: tree_sitter.Node, key: str, field: str) -> Iterator[tree_sitter.Node]:
    """The `close(key.field)` calls in `stmt`."""
    for n in gosyntax.walk(stmt):
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
            args = gosyntax.call_arguments(n)
            if len(args) == 1 and "".join(gosyntax.text(args[0]).split()) == f"{key}.{field}":
                yield n


def _ranged_operand(header: CfgNode) -> tree_sitter.Node | None:
    """`t` of the loop's `for v := range t.in`, when it is a plain name."""
    clause = gosyntax.range_clause(header.ast)
    right = gosyntax.unparen(clause.child_by_field_name("right")) if clause is not None else None
    if right is not None and right.type == "call_expression" and not gosyntax.call_arguments(right):
        right = gosyntax.unparen(right.child_by_field_name("function"))  # ACCESSOR: `t.C()`
    operand = (
        gosyntax.unparen(right.child_by_field_name("operand"))
        if right is not None and right.type == "selector_expression"
        else None
    )
    return operand if operand is not None and operand.type == "identifier" else None


def _ranged_param(worker: Function, header: CfgNode) -> Var | None:
    """The worker's parameter whose field its loop ranges over (`t` of `forward(t
    *tenant)` ranging over `t.in`), or None."""
    operand = _ranged_operand(header)
    param = worker.resolver.scopes.lookup(operand) if operand is not None else None
    if param is None or param.kind != "param" or param.func != worker.node:
        return None
    return param


def _handed_type(worker: Function, header: CfgNode) -> str | None:
    """The type of the parameter whose field the worker's loop ranges over (`tenant` for
    `func (p *Proxy) forward(t *tenant)` ranging over `t.in`), or None."""
    param = _ranged_param(worker, header)
    if param is None:
        return None
    typ = param.type_node
    return base_type_name(typ) if typ is not None else None


def _moved_out_of_the_walk(
    liveness: Liveness, start: Start, worker: Function, field: str, header: CfgNode
) -> tuple[Drop, str, tree_sitter.Node] | None:
    """MOVED_OUT_OF_THE_WALK: (the drop, the map's field, the store that moves it) for a
    worker handed its object (`go c.run(k)`, ranging over `k.stops`) that the starter
    keeps in a map field alone (`c.active[id] = k`), when the package closes that channel
    only by walking the map (`for _, k := range c.active { close(k.stops) }`) and a
    function moves an entry to another map field nothing walks so (`delete(c.active,
    id); c.parked[id] = k`): once moved, no close reaches it. Trade-off: an entry moved
    back before the walk (a return to service) is closed after all; the path on which
    the walk finds it moved is the one reported."""
    param = _ranged_param(worker, header)
    walks: dict[str, tuple[tree_sitter.Node, SourceFile]] | None
    if param is None:
        # RECEIVER_WORKER: `go l.run(ctx)` ranging over its own `l.in`, `l` stored by
        # the starter into the walked map (`s.lanes[b] = l`), whatever else it does
        # with `l` (a lookup that fills it, a send on it).
        operand = _ranged_operand(header)
        receiver = worker.resolver.scopes.lookup(operand) if operand is not None else None
        obj = _started_on(start)
        if receiver is None or receiver.kind != "receiver" or obj is None:
            return None
        walks = _walk_closes(liveness, field)
        stored = _maps_stored_into(start.starter, obj.name)
        map_field = next((m for m in stored if walks is not None and m in walks), None)
        if map_field is None or walks is None:
            return None
    else:
        call = start.stmt.named_children[0] if start.stmt.named_children else None
        args = gosyntax.call_arguments(call) if call is not None else []
        if param.index < 0 or param.index >= len(args):
            return None
        arg = gosyntax.unparen(args[param.index])
        obj = start.starter.resolver.scopes.lookup(arg) if arg is not None else None
        if obj is None or obj.kind != "local":
            return None
        map_field = _kept_only_in_map(start, obj, passed=True)
        if map_field is None:
            return None
        walks = _walk_closes(liveness, field)
        if walks is None or map_field not in walks:
            return None
    release, release_file = walks[map_field]
    for delete, func in _deletes(liveness, map_field):
        held = _entry_in_hand(func, map_field, delete)
        if held is None:
            continue
        store = _stored_into_another_map(func, held, map_field)
        if store is None or store[1] in walks:
            continue
        return Drop(delete, func, release, release_file), map_field, store[0]
    return None


def _left_unregistered(
    liveness: Liveness, start: Start, worker: Function, field: str, header: CfgNode
) -> tuple[Drop, str] | None:
    """UNREGISTERED_ON_A_WAY_OUT: the starter makes an object, starts the worker ranging
    over its channel (`go m.track(f)`, or `go f.run()`), and stores it in a map field
    only further on (`m.feeds[id] = f`), while the package closes that channel only in
    walks over the map (`for _, f := range m.feeds { close(f.readings) }`). A `return`
    between the `go` and the store (a failed lookup) leaves the object in no map: no walk
    will close its channel. Guards, each a trade-off: KEPT_ONLY_THERE (the object's
    other uses in the starter are its bindings, the `go`, its fields and methods, and a
    `return` handing it back after the store: a method may still hand it on); the
    `return` does not name it; no loop around the `go` (a store of an earlier round is
    no store of this object)."""
    body = start.starter.node.child_by_field_name("body")
    obj = _started_on(start) or _handed_local(start, worker, header)
    if body is None or obj is None or gosyntax.loops_between(start.stmt, body):
        return None
    walks = _walk_closes(liveness, field)
    if not walks:
        return None
    store = None
    for n in obj.occurrences:
        if not body.start_byte <= n.start_byte < body.end_byte or n == obj.ident:
            continue
        if start.stmt.start_byte <= n.start_byte < start.stmt.end_byte:
            continue
        parent, _child = gosyntax.parent_skipping_parens(n)
        if parent is None:
            return None
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == n:
            if _closed_here(parent):
                return None  # `close(f.readings)`: the starter ends the worker itself
            continue  # `f.configure(info)`, `f.name = name`, `f.in <- v`: its own parts
        stmt = parent.parent if parent.type == "expression_list" else None
        if stmt is not None and stmt.type == "return_statement":
            continue  # handed back: judged by where the return is below
        if stmt is not None and stmt.child_by_field_name("left") == parent:
            continue  # `p = newPipe(id)`, `p, ok := r.pipes[id]`: bound, not handed on
        if (
            stmt is not None
            and stmt.type == "assignment_statement"
            and stmt.child_by_field_name("right") == parent
            and len(parent.named_children) == 1
            and _map_target(stmt) in walks
            and store is None
        ):
            store = stmt
            continue
        return None
    if store is None or store.start_byte < start.stmt.end_byte:
        return None
    name = re.compile(rb"\b" + re.escape(obj.name.encode()) + rb"\b")
    for ret in gosyntax.walk(body):
        if (
            ret.type == "return_statement"
            and start.stmt.end_byte <= ret.start_byte < store.start_byte
            and not name.search(ret.text or b"")
        ):
            map_field = _map_target(store)
            assert map_field is not None  # one of the walked maps
            close, close_file = walks[map_field]
            return Drop(ret, start.starter, close, close_file, member=obj.name), map_field
    return None


def _left_out_of_the_key_list(
    liveness: Liveness, start: Start, worker: Function, field: str, header: CfgNode
) -> tuple[Drop, str, str] | None:
    """KEY_LIST_WALK: the package closes the worker's channel only in walks over a list of
    keys kept beside the map (`for _, id := range h.order { close(h.stations[id].reqs)
    }`); the starter stores the object in the map (`h.stations[lc.ID] = st; go st.run()`)
    but leaves the key to its callers, and one of them never appends it to the list (a
    station started on demand): that object is in no walk, so nothing closes its channel.
    Guards, each a trade-off: the list is only ever appended to (LIST_REBUILT: a list
    assigned any other way, `h.order = sortedKeys(h.stations)`, may hold every key); a
    caller that appends anything to the list is taken to append this key; a starter no
    function of the package calls is not judged (its callers are elsewhere)."""
    obj = _started_on(start) or _handed_local(start, worker, header)
    if obj is None:
        return None
    walks = _key_list_walks(liveness, field)
    stored = [m for m in _maps_stored_into(start.starter, obj.name) if m in (walks or {})]
    if not walks or not stored:
        return None
    key_list, close, close_file = walks[stored[0]]
    if _appends_to(start.starter.node, key_list) or not _only_appended(liveness, key_list):
        return None
    for call, caller in liveness.functions.call_sites(start.starter):
        if not _appends_to(caller.node, key_list):
            return Drop(call, caller, close, close_file, member=obj.name), stored[0], key_list
    return None


def _key_in_the_caller(start: Start, unlisted: tuple[Drop, str, str]) -> str | None:
    """The key of the entry the starter stores, as the caller's call of it spells it (for
    the fix that appends it to the list there): the starter's parameter itself
    (`b.lanes[name] = l`, the caller's argument `name`), or a field of it that the
    caller's argument sets by name (`h.stations[lc.ID]`, `LockConfig{ID: lockID}`).
    Only names and selectors: an argument that calls or computes is not spelled twice."""
    drop, map_field, _list = unlisted
    body = start.starter.node.child_by_field_name("body")
    store = next(
        (
            n
            for n in (gosyntax.walk(body) if body is not None else ())
            if n.type == "assignment_statement"
            and (pair := gosyntax.sole_assignment(n)) is not None
            and gosyntax.indexed_field(pair[0]) == map_field
        ),
        None,
    )
    pair = gosyntax.sole_assignment(store) if store is not None else None
    key = gosyntax.unparen(pair[0].child_by_field_name("index")) if pair is not None else None
    field = None
    if key is not None and key.type == "selector_expression":
        field = gosyntax.text(gosyntax.field(key, "field"))
        key = gosyntax.unparen(key.child_by_field_name("operand"))
    ref = (
        start.starter.resolver.scopes.lookup(key)
        if key is not None and key.type == "identifier"
        else None
    )
    args = gosyntax.call_arguments(drop.call)
    if ref is None or ref.kind != "param" or ref.index >= len(args):
        return None
    arg = gosyntax.unparen(args[ref.index])
    if arg is not None and field is not None:
        arg = _keyed_value(arg, field)
    if arg is None or arg.type not in ("identifier", "selector_expression"):
        return None
    return gosyntax.text(arg)


def _keyed_value(literal: tree_sitter.Node, field: str) -> tree_sitter.Node | None:
    """`lockID` of `LockConfig{ID: lockID, ...}` for the field `ID`."""
    if literal.type != "composite_literal":
        return None
    body = literal.child_by_field_name("body")
    for element in body.named_children if body is not None else ():
        if element.type != "keyed_element" or len(element.named_children) != 2:
            continue
        name, value = element.named_children
        if gosyntax.text(name).strip() == field:
            return gosyntax.unparen(value.named_children[0] if value.named_children else value)
    return None


def _key_list_walks(
    liveness: Liveness, field: str
) -> dict[str, tuple[str, tree_sitter.Node, SourceFile]] | None:
    """map field -> (the key list, the close, its file) for each `for _, k := range x.list
    { close(x.m[k].field) }` of the package; None when some `close(... .field)` is made
    outside such a walk (KEY_LIST_WALK)."""
    closes = _field_closes(field)
    out: dict[str, tuple[str, tree_sitter.Node, SourceFile]] = {}
    for f in liveness.package.files:
        for m in closes.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            while node is not None and node.type != "call_expression":
                node = node.parent
            args = gosyntax.call_arguments(node) if node is not None else []
            channel = gosyntax.unparen(args[0]) if len(args) == 1 else None
            entry = channel.child_by_field_name("operand") if channel is not None else None
            entry = gosyntax.unparen(entry)
            if entry is None or entry.type != "index_expression":
                return None
            map_field = gosyntax.indexed_field(entry)
            key = gosyntax.unparen(entry.child_by_field_name("index"))
            walked = _walked_field(node, gosyntax.text(key)) if key is not None else None
            if map_field is None or walked is None:
                return None
            out.setdefault(map_field, (walked, node, f))
    return out


def _walked_field(close: tree_sitter.Node, name: str) -> str | None:
    """The field `f` of the `for _, v := range x.f` around `close` whose value is `name`
    (the entry a walk closes, or the key it indexes the map with)."""
    for a in gosyntax.ancestors(close):
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
        clause = gosyntax.range_clause(a)
        left = clause.child_by_field_name("left") if clause is not None else None
        names = left.named_children if left is not None else []
        ranged = gosyntax.unparen(clause.child_by_field_name("right")) if clause else None
        if (
            len(names) == 2
            and gosyntax.text(names[1]) == name
            and ranged is not None
            and ranged.type == "selector_expression"
        ):
            return gosyntax.text(gosyntax.field(ranged, "field"))
    return None


def _appends_to(func: tree_sitter.Node, key_list: str) -> bool:
    """Does the function append to the field (`x.order = append(x.order, id)`)?"""
    body = func.child_by_field_name("body")
    return any(
        _list_write(n, key_list) == "append"
        for n in (gosyntax.walk(body) if body is not None else ())
        if n.type == "assignment_statement"
    )


def _only_appended(liveness: Liveness, key_list: str) -> bool:
    """LIST_REBUILT: is every assignment to the field an append to itself?"""
    pattern = re.compile(rb"\." + re.escape(key_list.encode()) + rb"\s*=[^=]")
    for f in liveness.package.files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.start() + 1)
            stmt = (
                next(
                    (a for a in gosyntax.ancestors(node) if a.type == "assignment_statement"), None
                )
                if node is not None
                else None
            )
            if stmt is None or _list_write(stmt, key_list) != "append":
                return False
    return True


def _list_write(stmt: tree_sitter.Node, key_list: str) -> str | None:
    """ "append" for `x.list = append(x.list, ...)`, "other" for another assignment to
    `x.list`, None when the statement does not assign it."""
    pair = gosyntax.sole_assignment(stmt)
    target = gosyntax.unparen(pair[0]) if pair is not None else None
    if (
        pair is None
        or target is None
        or target.type != "selector_expression"
        or gosyntax.text(gosyntax.field(target, "field")) != key_list
    ):
        return None
    value = gosyntax.unparen(pair[1])
    if value is None or value.type != "call_expression" or gosyntax.callee_text(value) != "append":
        return "other"
    args = gosyntax.call_arguments(value)
    same = bool(args) and gosyntax.text(args[0]).replace(" ", "") == gosyntax.text(target).replace(
        " ", ""
    )
    return "append" if same else "other"


def _handed_local(start: Start, worker: Function, header: CfgNode) -> Var | None:
    """`f` of `go m.track(f)`, a local of the starter, when the worker's loop ranges over
    a field of the parameter it binds (`for r := range f.readings`)."""
    param = _ranged_param(worker, header)
    call = start.stmt.named_children[0] if start.stmt.named_children else None
    args = gosyntax.call_arguments(call) if call is not None else []
    arg = (
        gosyntax.unparen(args[param.index])
        if param is not None and param.index < len(args)
        else None
    )
    if arg is None or arg.type != "identifier":
        return None
    var = start.starter.resolver.scopes.lookup(arg)
    return var if var is not None and var.kind == "local" else None


def _walk_closes(
    liveness: Liveness, field: str
) -> dict[str, tuple[tree_sitter.Node, SourceFile]] | None:
    """map field -> (the close, its file) for each `for _, v := range x.m { close(v.field)
    }` of the package; None when some `close(... .field)` is made outside such a walk
    (the package releases entries another way too)."""
    closes = _field_closes(field)
    out: dict[str, tuple[tree_sitter.Node, SourceFile]] = {}
    for f in liveness.package.files:
        for m in closes.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            while node is not None and node.type != "call_expression":
                node = node.parent
            if node is None:
                return None
            closed = m.group(1).decode(errors="replace")
            walked = _walked_field(node, closed)
            if walked is None:
                return None
            out.setdefault(walked, (node, f))
    return out


def _maps_stored_into(func: Function, held: str) -> list[str]:
    """The map fields of the function's `x.field[k] = held` stores, in order."""
    body = func.node.child_by_field_name("body")
    out: list[str] = []
    for n in gosyntax.walk(body) if body is not None else ():
        pair = gosyntax.sole_assignment(n) if n.type == "assignment_statement" else None
        if pair is None or gosyntax.text(pair[1]) != held:
            continue
        into = gosyntax.indexed_field(pair[0])
        if into is not None and into not in out:
            out.append(into)
    return out


def _stored_into_another_map(
    func: Function, held: str, map_field: str
) -> tuple[tree_sitter.Node, str] | None:
    """(the store, its map field) of `x.other[k] = held` in the function, another map
    field than `map_field`."""
    body = func.node.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "assignment_statement":
            continue
        pair = gosyntax.sole_assignment(n)
        if pair is None or gosyntax.text(pair[1]) != held:
            continue
        into = gosyntax.indexed_field(pair[0])
        if into is not None and into != map_field:
            return n, into
    return None


def _started_on(start: Start) -> Var | None:
    """`m` of `go m.run()`, a local of the starter."""
    call = start.stmt.named_children[0]
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    operand = gosyntax.unparen(fn.child_by_field_name("operand"))
    if operand is None or operand.type != "identifier":
        return None
    var = start.starter.resolver.scopes.lookup(operand)
    return var if var is not None and var.kind == "local" else None


def _ranged_local(start: Start, ranged: dict[str, tuple[str, CfgNode]]) -> Var | None:
    """LITERAL_WORKER: `s` of the literal's `for v := range s.ch`, a local of the starter."""
    ((_type_name, header),) = ranged.values()
    operand = _ranged_operand(header)
    if operand is None:
        return None
    var = start.starter.resolver.scopes.lookup(operand)
    return var if var is not None and var.kind == "local" else None


def _kept_only_in_map(
    start: Start, obj: Var, worker: tree_sitter.Node | None = None, passed: bool = False
) -> str | None:
    """KEPT_ONLY_THERE: the map field of the starter's one `x.field[key] = obj`, when
    every other use of `obj` in the starter is its declaration, the `go`, a call of
    one of its methods, or a use inside the `worker` literal (LITERAL_WORKER); with
    `passed`, also an argument of the `go` itself (`go c.run(k)`)."""
    body = start.starter.node.child_by_field_name("body")
    if body is None:
        return None
    stored: list[str] = []
    for n in obj.occurrences:
        if not body.start_byte <= n.start_byte < body.end_byte:
            continue
        if worker is not None and worker.start_byte <= n.start_byte < worker.end_byte:
            continue
        if passed and start.stmt.start_byte <= n.start_byte < start.stmt.end_byte:
            continue
        parent, _child = gosyntax.parent_skipping_parens(n)
        if parent is None:
            return None
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == n:
            up = parent.parent
            if up is not None and up.type == "call_expression":
                continue  # `m.run()`, `go m.run()`: its own methods
            if worker is not None and _closed_here(parent):
                continue  # `close(s.ch)`: the starter ends the worker itself
            return None  # a field of it read or handed on
        if parent.type == "expression_list" and parent.parent is not None:
            stmt = parent.parent
            side = "left" if stmt.child_by_field_name("left") == parent else "right"
            if stmt.type == "short_var_declaration" and side == "left":
                continue  # its declaration
            if stmt.type == "assignment_statement" and side == "right":
                field = _map_target(stmt)
                if field is not None and len(parent.named_children) == 1:
                    stored.append(field)
                    continue
        return None
    return stored[0] if len(stored) == 1 else None


def _closed_here(selector: tree_sitter.Node) -> bool:
    """Is `selector` the argument of a `close(...)`?"""
    args = selector.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    return call is not None and gosyntax.callee_text(call) == "close"


def _map_target(assignment: tree_sitter.Node) -> str | None:
    """`field` of `x.field[key] = ...`."""
    left = assignment.child_by_field_name("left")
    target = left.named_children[0] if left is not None and len(left.named_children) == 1 else None
    return gosyntax.indexed_field(target)


def _first_drop(liveness: Liveness, worker: Function, map_field: str, field: str) -> Drop | None:
    """RELEASED_ELSEWHERE and VALUE_NOT_TAKEN: the first delete from the map in a function
    that does not release the entry, when another function deletes and closes."""
    closes = _field_closes(field)
    release: tuple[tree_sitter.Node, SourceFile] | None = None
    candidates: list[tuple[tree_sitter.Node, Function]] = []
    partial: list[tuple[tree_sitter.Node, Function, tree_sitter.Node, tree_sitter.Node]] = []
    for call, func in _deletes(liveness, map_field):
        text = func.node.text or b""
        found = closes.search(text)
        if found is not None:
            at = func.node.start_byte + found.start()
            node = func.file.root.descendant_for_byte_range(at, at + 1)
            if release is None and node is not None:
                release = (node, func.file)
            early = _returns_before_closing(call, func.node, closes)
            if early is not None and node is not None:
                partial.append((call, func, early, node))
            continue
        candidates.append((call, func))
    if release is None:
        release = _walk_release(liveness, map_field, closes)
    if release is None:
        return None
    for call, func in candidates:
        if func.node == worker.node or _calls(worker, func):
            continue
        if not _drops_only(func, map_field, field):
            continue
        if _calls_a_closer(liveness, func, closes):
            continue
        return Drop(call, func, release[0], release[1], _entry_in_hand(func, map_field, call))
    for call, func, early, own_close in partial:
        if func.node == worker.node or _calls(worker, func):
            continue
        if not _drops_only(func, map_field, field, closes_it=True):
            continue
        return Drop(
            call, func, own_close, func.file, _entry_in_hand(func, map_field, call), way_out=early
        )
    return None


def _returns_before_closing(
    delete: tree_sitter.Node, func: tree_sitter.Node, closes: re.Pattern[bytes]
) -> tree_sitter.Node | None:
    """RETURNS_BEFORE_CLOSING: a function that deletes the entry and closes its channel
    further on, with a `return` between the two that leaves without the close (`delete(
    c.chambers, id); if ch.pending > 0 { return ErrBusy }; close(ch.queue)`): on that
    way out the entry is gone from the map and still open. A `return` on the entry's
    absence (`if !ok`, `if ch == nil`) dropped nothing. Trade-off: read from the
    statements in order, not the paths: a close inside a branch before the `return`
    counts for it only when it is in the `return`'s own branch."""
    stmt = gosyntax.innermost_statement(delete)
    if stmt is None or any(
        closes.search(before.text or b"") for before in gosyntax.statements_before(stmt, func)
    ):
        return None  # closed on the way to the delete (`close(src.inbox); delete(...)`)
    for after in gosyntax.statements_after(stmt, func):
        if after.type == "return_statement":
            return after
        if closes.search(after.text or b""):
            if after.type != "if_statement":
                return None  # closed on the way on
        for ret in gosyntax.walk(after):
            if ret.type != "return_statement" or _on_absence(ret, after):
                continue
            if not any(
                closes.search(b.text or b"") for b in gosyntax.statements_before(ret, after)
            ):
                return ret
        if closes.search(after.text or b""):
            return None
    return None


def _on_absence(ret: tree_sitter.Node, stop: tree_sitter.Node) -> bool:
    """Is the `return` under `if !ok` or `if v == nil`: the entry was not there?"""
    for _if, cond in gosyntax.guarding_ifs(ret, stop.parent):
        if gosyntax.nil_tested(cond) is not None:
            return True
        if cond.type == "unary_expression" and gosyntax.text(cond).startswith("!"):
            operand = gosyntax.unparen(cond.child_by_field_name("operand"))
            if operand is not None and operand.type == "identifier":
                return True
    return False


def _walk_release(
    liveness: Liveness, map_field: str, closes: re.Pattern[bytes]
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """RELEASED_BY_A_WALK: a function closing the channel of each entry in a walk over the
    map (`for _, w := range a.workers { close(w.reqs) }`), or over a local it took the
    map into before letting the field go (`workers := a.workers; a.workers = nil`), as a
    `Close` does: dropping an entry elsewhere takes it out of that walk (blind dev p400)."""
    field_read = re.compile(rb"\." + re.escape(map_field.encode()) + rb"\b")
    for f in liveness.package.files:
        if closes.search(f.data) is None or field_read.search(f.data) is None:
            continue
        for top in f.root.named_children:
            if top.type not in ("function_declaration", "method_declaration"):
                continue
            text = top.text or b""
            found = closes.search(text)
            if found is None or field_read.search(text) is None:
                continue
            at = top.start_byte + found.start()
            node = f.root.descendant_for_byte_range(at, at + 1)
            loop = (
                next((a for a in gosyntax.ancestors(node) if a.type == "for_statement"), None)
                if node is not None
                else None
            )
            clause = (
                next((c for c in loop.named_children if c.type == "range_clause"), None)
                if loop is not None
                else None
            )
            right = gosyntax.unparen(clause.child_by_field_name("right")) if clause else None
            if node is None or right is None:
                continue
            if gosyntax.selects_field(right, map_field) or map_alias(right, map_field):
                return node, f
    return None


def _entry_in_hand(func: Function, map_field: str, delete: tree_sitter.Node) -> str | None:
    """The local holding the dropped entry's value before the `delete` (`ep` of `ep, ok :=
    d.endpoints[name]`), for the fix to close its channel there."""
    body = func.node.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "index_expression" or n.end_byte > delete.start_byte:
            continue
        if not gosyntax.selects_field(n.child_by_field_name("operand"), map_field):
            continue
        parent, _c = gosyntax.parent_skipping_parens(n)
        stmt = parent.parent if parent is not None and parent.type == "expression_list" else None
        if stmt is not None and stmt.type == "short_var_declaration":
            names = gosyntax.field(stmt, "left").named_children
            if names and names[0].type == "identifier" and gosyntax.text(names[0]) != "_":
                return gosyntax.text(names[0])
    return None


def _deletes(liveness: Liveness, map_field: str) -> Iterator[tuple[tree_sitter.Node, Function]]:
    """Each `delete(x.map_field, key)` of the package, with its function."""
    pattern = re.compile(rb"\bdelete\(\s*[\w.()\[\]]*\." + re.escape(map_field.encode()) + rb"\s*,")
    for f in liveness.package.files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            while node is not None and node.type != "call_expression":
                node = node.parent
            func_node = gosyntax.enclosing_function(node) if node is not None else None
            if node is not None and func_node is not None:
                yield node, liveness.functions.get(func_node, f)


def _drops_only(func: Function, map_field: str, field: str, closes_it: bool = False) -> bool:
    """VALUE_NOT_TAKEN: `func` never binds an entry's value nor stores into the map, or
    binds it only to use it in place (VALUE_USED_IN_PLACE); with `closes_it`, closing the
    worker's channel (`close(ch.queue)`) is such a use (RETURNS_BEFORE_CLOSING)."""
    body = func.node.child_by_field_name("body")
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if n.type == "range_clause" and gosyntax.selects_field(
            n.child_by_field_name("right"), map_field
        ):
            left = n.child_by_field_name("left")
            names = left.named_children if left is not None else []
            if (
                len(names) > 1
                and gosyntax.text(names[1]) != "_"
                and not _ranged_value_in_place(func, names[1], field)
            ):
                return False
        elif n.type == "index_expression" and gosyntax.selects_field(
            n.child_by_field_name("operand"), map_field
        ):
            if (
                not _value_ignored(n)
                and not _value_used_in_place(func, n, field, closes_it)
                and not _fresh_entry_stored(n, map_field)
            ):
                return False
    return True


def _fresh_entry_stored(index: tree_sitter.Node, map_field: str) -> bool:
    """FRESH_ENTRY: `a.workers[g.Name] = w` storing a value that does not come out of the
    map (a worker just made for a new key) is no rename of an entry being dropped."""
    parent, _child = gosyntax.parent_skipping_parens(index)
    stmt = parent.parent if parent is not None and parent.type == "expression_list" else None
    if (
        stmt is None
        or stmt.type != "assignment_statement"
        or stmt.child_by_field_name("left") != parent
    ):
        return False
    right = stmt.child_by_field_name("right")
    if right is None:
        return False
    value = gosyntax.text(right)
    if re.search(r"\." + re.escape(map_field) + r"\b", value):
        return False
    # A local holding a ranged or looked-up entry of the map is a value taken from it.
    func = gosyntax.enclosing_function(stmt)
    for name in re.findall(r"\b[A-Za-z_]\w*\b", value):
        for n in gosyntax.walk(func) if func is not None else ():
            if n.type in ("short_var_declaration", "range_clause", "assignment_statement"):
                left = n.child_by_field_name("left")
                source = n.child_by_field_name("right")
                if (
                    left is not None
                    and source is not None
                    and name in [gosyntax.text(c) for c in left.named_children]
                    and re.search(r"\." + re.escape(map_field) + r"\b", gosyntax.text(source))
                ):
                    return False
    return True


def _value_used_in_place(
    func: Function, index: tree_sitter.Node, field: str, closes_it: bool = False
) -> bool:
    """VALUE_USED_IN_PLACE: `ep, ok := d.endpoints[name]` where every later use of `ep`
    is a call of one of its methods or function fields (`ep.cancel()`), a read of a field
    other than the worker's channel (`ep.name`), or a comparison with nil: the value is
    not handed on, kept or returned, so nothing else can close its channel (calls that
    do are `_calls_a_closer`'s question). Trade-off: a method of the entry that hands
    itself to someone who closes the channel later is missed."""
    parent, _child = gosyntax.parent_skipping_parens(index)
    stmt = parent.parent if parent is not None and parent.type == "expression_list" else None
    if stmt is None or stmt.type != "short_var_declaration":
        return False
    if parent is None or stmt.child_by_field_name("right") != parent:
        return False
    if len(parent.named_children) != 1:
        return False
    names = gosyntax.field(stmt, "left").named_children
    if not names or names[0].type != "identifier":
        return False
    var = func.resolver.scopes.lookup(names[0])
    if var is None or var.kind != "local" or len(var.assignments) != 1:
        return False
    for n in var.occurrences:
        if n == names[0]:
            continue
        up, _c = gosyntax.parent_skipping_parens(n)
        if up is None:
            return False
        if up.type == "binary_expression":
            continue  # `ep == nil`
        if up.type != "selector_expression" or up.child_by_field_name("operand") != n:
            return False  # handed on, kept, returned or captured
        if gosyntax.text(gosyntax.field(up, "field")) == field and not (
            closes_it and _closed_here(up)
        ):
            return False  # the worker's channel itself, in other hands
        if any(a.type in gosyntax.FUNCTION_TYPES for a in gosyntax.ancestors(n, func.node)):
            return False  # used from a closure, which may outlive the drop
    return True


def _ranged_value_in_place(func: Function, name: tree_sitter.Node, field: str) -> bool:
    """VALUE_USED_IN_PLACE for `for k, t := range x.m`: every use of `t` reads one of its
    other fields or calls its methods (`t.lastSeen`), as for a looked-up value."""
    var = func.resolver.scopes.lookup(name)
    if var is None or var.kind != "local":
        return False
    for n in var.occurrences:
        if n == name:
            continue
        up, _c = gosyntax.parent_skipping_parens(n)
        if up is None or up.type != "selector_expression" or up.child_by_field_name("operand") != n:
            return False  # handed on, kept, returned or compared
        if gosyntax.text(gosyntax.field(up, "field")) == field:
            return False
        if any(a.type in gosyntax.FUNCTION_TYPES for a in gosyntax.ancestors(n, func.node)):
            return False
    return True


def _value_ignored(index: tree_sitter.Node) -> bool:
    """`_, ok := x.m[k]`, `x.m[k] != nil`, `if x.m[k] == nil`: the value is not kept."""
    parent, _child = gosyntax.parent_skipping_parens(index)
    if parent is None:
        return False
    if parent.type == "binary_expression":
        return True  # compared, not kept
    if parent.type == "expression_list" and parent.parent is not None:
        stmt = parent.parent
        if stmt.type in ("short_var_declaration", "assignment_statement"):
            if stmt.child_by_field_name("right") != parent:
                return False  # a store into the map moves an entry
            left = stmt.child_by_field_name("left")
            names = left.named_children if left is not None else []
            return bool(names) and gosyntax.text(names[0]) == "_"
    return False


def _calls(worker: Function, func: Function) -> bool:
    """Does the worker call `func` by name (a worker removing itself on its way out)?"""
    name = gosyntax.function_name(func.node)
    if not name:
        return False
    calls = re.compile(rb"\b" + re.escape(name.encode()) + rb"\(")
    return calls.search(worker.node.text or b"") is not None


def _calls_a_closer(liveness: Liveness, func: Function, closes: re.Pattern[bytes]) -> bool:
    """Does `func` call a function of the package that closes the channel?"""
    body = func.node.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "call_expression":
            continue
        callee = liveness.functions.callee(n, func)
        if callee is not None and closes.search(callee.node.text or b""):
            return True
    return False


def _shown(event: Event) -> str | None:
    clause = next((c for c in event.node.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    return gosyntax.text(right) if right is not None else None
