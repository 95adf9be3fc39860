"""A reply awaited by key, that the request's server does not deliver on some path.

```go
func (n *Node) Propose(cmd Command) Result {
        id := n.nextID.Add(1)
        ch := n.waits.register(id)        // w.m[id] = make(chan Result, 1)
        n.proposals <- proposal{id: id, cmd: cmd}
        return <-ch                       // waits for trigger(id, ...)
}

func (n *Node) run() {
        for p := range n.proposals {
                n.apply(p)
        }
}

func (n *Node) apply(p proposal) {
        if p.cmd.Term < n.term {
                return                    // dropped: nobody triggers p.id
        }
        ...
        n.waits.trigger(p.id, Result{Index: idx})
}
```

The request-reply idiom with the reply channel kept apart from the request: a registry
(etcd's `wait.Wait`) makes a channel per key and keeps it in a map, the requester waits
on it, and the server delivers through the registry with the key the request carries.
A path of the server that neither delivers nor hands the request on leaves the
requester waiting for good.

Heuristics, each a trade-off:
- REGISTRY: the registering method makes a channel, stores it in a map field under one
  of its parameters and returns it; a delivering method of the same type looks the key
  up in that map field and sends on or closes what it finds. Read from the code, not
  the names.
- PLAIN_WAIT: the requester receives from the registered channel in a plain receive,
  in the function that registered it or a goroutine literal it starts: a `select`
  with another way out chose how long it waits.
- KEY_IN_THE_REQUEST: the same function sends, on an unexported channel field, a
  composite literal carrying the key as a field (`proposal{id: id}`).
- ONE_HANDLER: a function of the package receives the request from that field and
  hands it to a call (`n.apply(p)`); that callee is the handler read. A request
  handled where it is received is not followed (a miss).
- ANSWERS_ELSEWHERE: the handler delivers the key (`trigger(p.id, ...)`) on some path;
  a path to its end or a `return` that neither delivers nor hands the request itself
  on (to a call, a send, a store, a closure) drops it. A path through an `if` asking
  about a context or an error the requester may hold (`ctx`, `.Err()`, `Done()`) is
  not followed: the requester may have gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cfg import NORMAL_EXITS
from goleash.analysis.index import receiver_type_name
from goleash.analysis.kept_contexts import case_of_receive
from goleash.analysis.package import field_selectors

if TYPE_CHECKING:
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile

# REQUESTER_GONE: conditions that may ask whether the requester still waits.
_REQUESTER_GONE = re.compile(rb"\bctx\b|\.Err\(\)|\bDone\(\)")


@dataclass(frozen=True)
class DroppedKey:
    wait: Node  # the receive that never returns
    waited: str  # the channel as the wait names it
    register: Node  # `n.waits.register(id)`
    request: Node  # the send of the request carrying the key
    handler: Function  # the function that drops the request
    exit: CfgNode  # its way out that neither delivers nor hands the request on
    deliver: Node  # its delivery on another path
    deliverer: Node  # the registry's delivering method
    key_index: int  # the key's place among its parameters
    via: Node  # the call handing it the request
    via_file: SourceFile


@dataclass(frozen=True)
class _Registry:
    field: str  # the map field keeping the channels
    key_index: int  # the registering method's key parameter
    deliverers: dict[str, tuple[int, Node]]  # delivering method -> (key parameter, declaration)


def dropped_keys(
    functions: Functions, file: SourceFile, receives: Iterable[Node]
) -> list[DroppedKey]:
    """The plain waits among `receives` (the file's unary expressions, or those of the
    declarations being checked) whose keyed reply can be dropped."""
    out: list[DroppedKey] = []
    for receive in receives:
        operand = gosyntax.receive_operand(receive)
        if operand is None or operand.type != "identifier" or case_of_receive(receive) is not None:
            continue  # PLAIN_WAIT
        found = _dropped(functions, file, receive, operand)
        if found is not None:
            out.append(found)
    return out


def _dropped(
    functions: Functions, file: SourceFile, receive: Node, operand: Node
) -> DroppedKey | None:
    at = functions.enclosing(receive, file)
    if at is None:
        return None
    var = at.resolver.scopes.lookup(operand)
    if var is None or len(var.assignments) != 1:
        return None
    value = gosyntax.unparen(var.assignments[0][1])
    if value is None or value.type != "call_expression":
        return None
    owner = functions.enclosing(value, file)
    register = functions.callee(value, owner) if owner is not None else None
    if owner is None or register is None:
        return None
    registry = _registry(functions, register)
    args = gosyntax.call_arguments(value)
    if registry is None or registry.key_index >= len(args):
        return None
    key = args[registry.key_index]
    request = _request_carrying(owner.node, key)
    if request is None:
        return None
    send, queue, key_field = request
    for via, via_file, handler, param in _handlers(functions, queue):
        drop = _drop(handler, param, key_field, registry.deliverers)
        if drop is not None:
            exit_node, deliver = drop
            method = gosyntax.called_expression_text(deliver).rsplit(".", 1)[-1]
            key_index, deliverer = registry.deliverers[method]
            return DroppedKey(
                receive,
                gosyntax.text(operand),
                value,
                send,
                handler,
                exit_node,
                deliver,
                deliverer,
                key_index,
                via,
                via_file,
            )
    return None


def _registry(functions: Functions, register: Function) -> _Registry | None:
    """REGISTRY: the map field and key parameter of a registering method, and its type's
    delivering methods."""
    method = register.node
    type_name = receiver_type_name(method) if method.type == "method_declaration" else None
    body = method.child_by_field_name("body")
    if type_name is None or body is None:
        return None
    params = [name for name, _typ in gosyntax.parameters(method)]
    made: set[str] = set()
    stored: tuple[str, int] | None = None
    returned: set[str] = set()
    for n in gosyntax.walk(body):
        if n.type in ("short_var_declaration", "assignment_statement"):
            left = gosyntax.field(n, "left").named_children
            right = gosyntax.field(n, "right").named_children
            if len(left) != 1 or len(right) != 1:
                continue
            target, value = left[0], gosyntax.unparen(right[0])
            if value is not None and re.match(rb"make\(\s*chan\b", value.text or b""):
                if target.type == "identifier":
                    made.add(gosyntax.text(target))
            slot = _map_slot(target, params)
            if slot is not None and value is not None and gosyntax.text(value) in made:
                stored = slot
        elif n.type == "return_statement" and n.named_children:
            values = n.named_children[0].named_children
            if values and values[0].type == "identifier":
                returned.add(gosyntax.text(values[0]))
    if stored is None or not made & returned:
        return None
    field, key_index = stored
    deliverers = {}
    for _f, other in functions.package.methods_of_type(type_name):
        index = _delivers(other, field)
        name = gosyntax.function_name(other)
        if index is not None and name:
            deliverers[name] = (index, other)
    return _Registry(field, key_index, deliverers) if deliverers else None


def _map_slot(expr: Node, params: list[str]) -> tuple[str, int] | None:
    """(field, key parameter index) for `x.field[key]` with `key` a parameter."""
    if expr.type != "index_expression":
        return None
    container = gosyntax.unparen(expr.child_by_field_name("operand"))
    index = gosyntax.unparen(expr.child_by_field_name("index"))
    if container is None or container.type != "selector_expression" or index is None:
        return None
    if index.type != "identifier" or gosyntax.text(index) not in params:
        return None
    return gosyntax.text(gosyntax.field(container, "field")), params.index(gosyntax.text(index))


def _delivers(method: Node, field: str) -> int | None:
    """The key parameter of a method that looks a key up in `x.field` and sends on or
    closes what it finds."""
    body = method.child_by_field_name("body")
    if body is None:
        return None
    params = [name for name, _typ in gosyntax.parameters(method)]
    found: dict[str, int] = {}
    for n in gosyntax.walk(body):
        if n.type in ("short_var_declaration", "assignment_statement"):
            left = gosyntax.field(n, "left").named_children
            right = gosyntax.field(n, "right").named_children
            if len(right) == 1 and left and left[0].type == "identifier":
                slot = _map_slot(gosyntax.unparen(right[0]) or right[0], params)
                if slot is not None and slot[0] == field:
                    found[gosyntax.text(left[0])] = slot[1]
    for n in gosyntax.walk(body):
        if n.type == "send_statement":
            channel = gosyntax.unparen(n.child_by_field_name("channel"))
            if channel is not None and gosyntax.text(channel) in found:
                return found[gosyntax.text(channel)]
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
            args = gosyntax.call_arguments(n)
            if args and gosyntax.text(args[0]) in found:
                return found[gosyntax.text(args[0])]
    return None


def _request_carrying(func: Node, key: Node) -> tuple[Node, str, str] | None:
    """KEY_IN_THE_REQUEST: (the send, the unexported channel field, the key's field) of
    a send of `T{f: key}` in `func`."""
    for send in gosyntax.descendants(func, "send_statement"):
        channel = gosyntax.unparen(send.child_by_field_name("channel"))
        value = gosyntax.unparen(send.child_by_field_name("value"))
        if channel is None or value is None or channel.type != "selector_expression":
            continue
        queue = gosyntax.text(gosyntax.field(channel, "field"))
        if not queue[:1].islower():
            continue
        if value.type == "unary_expression":
            value = gosyntax.unparen(value.child_by_field_name("operand"))
        if value is None or value.type != "composite_literal":
            continue
        for name, carried in gosyntax.keyed_values(value).items():
            if carried.text == key.text:
                return send, queue, name
    return None


def _handlers(functions: Functions, queue: str) -> list[tuple[Node, SourceFile, Function, str]]:
    """ONE_HANDLER: (the call, its callee, the request parameter) for every function that
    receives a request from the field and hands it to a call."""
    out = []
    for sel, f in field_selectors(functions.package, queue.encode()):
        receive = sel.parent
        if receive is not None and receive.type == "range_clause":
            holder: Node | None = receive  # `for p := range s.queue`
            scope = receive.parent
        elif receive is not None and receive.type == "unary_expression":
            holder = receive.parent
            while holder is not None and holder.type == "expression_list":
                holder = holder.parent
            # The case's body, or the statements after the declaration.
            scope = holder.parent if holder is not None else None
        else:
            continue
        if holder is None or scope is None:
            continue
        if holder.type not in ("receive_statement", "short_var_declaration", "range_clause"):
            continue
        left = holder.child_by_field_name("left")
        names = left.named_children if left is not None else []
        if not names or names[0].type != "identifier":
            continue
        name = gosyntax.text(names[0])
        at = functions.enclosing(receive, f)
        if at is None:
            continue
        for call in gosyntax.descendants(scope, "call_expression"):
            args = gosyntax.call_arguments(call)
            texts = [gosyntax.text(a) for a in args]
            if name not in texts:
                continue
            callee = functions.callee(call, at)
            if callee is None:
                continue
            params = [p for p, _t in gosyntax.parameters(callee.node)]
            index = texts.index(name)
            if index < len(params) and params[index]:
                out.append((call, f, callee, params[index]))
    return out


def _drop(
    handler: Function, request: str, key_field: str, deliverers: dict[str, tuple[int, Node]]
) -> tuple[CfgNode, Node] | None:
    """ANSWERS_ELSEWHERE: (a way out of the handler that neither delivers the request's
    key nor hands the request on, a delivery on another path)."""
    cfg = handler.cfg
    body = handler.node.child_by_field_name("body")
    if cfg is None or body is None:
        return None
    key = f"{request}.{key_field}"
    stops: set[int] = set()
    deliver = None
    for call in gosyntax.descendants(body, "call_expression"):
        callee = gosyntax.callee_text(call)
        method = callee.rsplit(".", 1)[-1]
        args = gosyntax.call_arguments(call)
        if method in deliverers and "." in callee:
            index = deliverers[method][0]
            if index < len(args) and gosyntax.text(args[index]).replace(" ", "") == key:
                node = cfg.node_of(call)
                if node is not None:
                    stops.add(node.id)
                    deliver = deliver or call
    if deliver is None:
        return None
    for occurrence in gosyntax.descendants(body, "identifier"):
        if gosyntax.text(occurrence) != request or _only_read(occurrence):
            continue
        node = cfg.node_of(occurrence)
        if node is None:
            return None  # in a closure: handed on, who knows when it delivers
        stops.add(node.id)
    stack = [cfg.entry]
    seen = {cfg.entry.id}
    while stack:
        n = stack.pop()
        if n.id in stops:
            continue
        if n.terminal:
            if n.kind in NORMAL_EXITS:
                return n, deliver
            continue
        for s in n.succ:
            if s.id in seen or _asks_if_gone(s):
                continue
            seen.add(s.id)
            stack.append(s)
    return None


def _only_read(occurrence: Node) -> bool:
    """`p.cmd`, `len(p.x)`: a read of the request's fields, not the request handed on."""
    parent = occurrence.parent
    return (
        parent is not None
        and parent.type == "selector_expression"
        and (parent.child_by_field_name("operand") == occurrence)
    )


def _asks_if_gone(arm: CfgNode) -> bool:
    """REQUESTER_GONE: the first node of an arm of an `if` whose condition may ask
    whether the requester still waits."""
    if arm.arm is None:
        return False
    cond_node, _taken = arm.arm
    if_stmt = cond_node.ast
    cond = if_stmt.child_by_field_name("condition") if if_stmt is not None else None
    return cond is not None and _REQUESTER_GONE.search(cond.text or b"") is not None
