"""
# range-over-unclosed-channel (GL008)

## What it does
Finds a `for ... range ch` loop, in a goroutine, over a channel that is sent on but
never closed, or whose `close` the function that owns the channel skips on some way
out.

Also a worker started by a constructor that ranges over a queue field of its
object (`for e := range r.events`) when no code of the package ever closes that
field, although the type has a `Close`, `Stop` or `Shutdown` method: stopping the
object leaves the worker waiting (IGNORED_STOPPER, see docs/engine.md).

And a worker ranging over a channel of its object, the object kept in a map field,
when a function deletes its entry without the close the package gives an entry where
it drops one elsewhere (`delete(r.members, m.name); close(m.send)`): once the entry is
gone nobody can close the channel any more.
The same when a helper takes the channel out of the map and hands it back (`in, _, err
:= l.detach(id)`), one caller closing it and another throwing it away (`_, _, err :=
l.detach(id)`): HANDED_BACK.
The same when the owner keeps its members in a map of its own (a hub's run loop with
`clients := make(map[*client]bool)`) and drops one without closing it while it closes
`c.send` where it drops one elsewhere (analysis/dropped_entries.py, MEMBERS_OF_A_SET).
The same when the package takes the object out through a helper (`h.removeLocked(c)`,
which deletes it from a map): one caller closes `c.send` after it, another does not
(REMOVED_BY_A_HELPER); the fix closes it where that removal succeeded. And when a
map field of the package holds the worker's objects (`subs map[string]*Sub`) while a
constructor starts the worker and another function stores the object: one function
deletes from it and closes, another deletes without (MAP_OF_ITS_TYPE). A removal
that takes the entry's value out first (`ep, ok := d.endpoints[name]; ...; ep.cancel()`)
is judged while it only uses that value in place, calling its methods and function
fields or reading its other fields (VALUE_USED_IN_PLACE); handed on, kept or returned,
it may be closed by whoever gets it.

And an entry replaced under its key (`old, ok := g.sessions[id]` ... `g.sessions[id] =
s`) without closing `old.out`, while the package closes it where it drops an entry
(REPLACED_UNCLOSED); a removal helper that takes the object out of a secondary map
(`unsubscribeLocked` on one symbol) while the package's release also deletes it from
its registry (`delete(g.sessions, s.id)`) has not dropped it (STILL_REGISTERED).

And a worker handed its object (`go c.run(k)`, ranging over `k.stops`) that the
package keeps in a map field and closes only by walking that map (`for _, k := range
c.active { close(k.stops) }`), when a function moves an entry to another map field that
no close walks (`delete(c.active, id); c.parked[id] = k`): once moved, nothing closes
it (MOVED_OUT_OF_THE_WALK, analysis/dropped_entries.py). No fix is offered: where to
close it is the package's design. Or when the function that starts the worker stores
its object in that map only further on (`go m.track(f)`, then a lookup that fails and
returns, then `m.feeds[id] = f`): on that way out the object is in no map, and no walk
will close its channel (UNREGISTERED_ON_A_WAY_OUT). The fix closes the channel before
that `return`: unsafe, as a method of the object called before it may have handed the
object on. Or when the package closes the channels in a walk over a list of keys kept
beside the map (`for _, id := range h.order { close(h.stations[id].reqs) }`) and a
caller of the starter never appends the key of the entry it adds to that list (a
station started on demand): that entry is in no walk (KEY_LIST_WALK; a list assigned
other than by appends, LIST_REBUILT, may hold every key and is not judged). The fix
appends the key to the list before the call (unsafe: a starter that stores nothing on
some path would leave a key with no entry for the walk).
The worker may read the channel through an accessor (`for r := range sub.C()`, `C`
only returning `s.ch`: ACCESSOR), and another field may hold the object too (a
monitor's `m.sub`) when every close of the channel is in the map's own release
(CLOSED_ONLY_WITH_THE_MAP). The package's release may also be a walk
that closes each entry's channel over the map, or over a local it took the map into
before letting the field go (`workers := a.workers; a.workers = nil`, as a `Close`
does: RELEASED_BY_A_WALK), and a function storing a worker just made for a new key
beside its delete of a gone one still drops that one (FRESH_ENTRY). The same with the
channel itself as the map's value
(`b.subs[id] = ch`, `go deliver(ch, h)` ranging over it, or a helper handed it that
starts the ranging goroutine: `h.totals[id] = tally(b, in)`), deleted by a function or a
returned unsubscribe literal that closes nothing and holds no value of the map (a
presence test `_, ok := m[k]` holds none), while
the package closes the map's channels elsewhere (`for _, c := range b.subs { close(c)
}`): analysis/dropped_channels.py (RANGED_BY_ITS_GOROUTINE, RELEASED_ELSEWHERE,
DROPPED_UNCLOSED). The fix closes the entry's channel before the delete (`if dropped,
ok := b.subs[id]; ok { close(dropped) }`): unsafe, since a sender not holding the
map's lock may then send on a closed channel.

And, with or without such a method, a goroutine ranging (with no way out of the range)
over an unexported channel field that the package only ever makes, sends on,
receives from and ranges over, never closing it nor handing it anywhere a `close`
could reach (analysis/unclosed_fields.py): a subscription removed without closing its
channel leaves its forwarder waiting for good.

A worker that leaves its range only on a failure (`if err := call(c); err != nil {
return }`) still waits for a close on every value that goes well: an early `return` of
the producer before its `close` leaves it ranging (FAILURE_EXIT_IS_NO_MARKER; not when
the `return` comes after a close the producer skipped on a condition, nor on a
recovered panic). A function that deletes an entry and closes its channel further on,
with a `return` between them that does not (`delete(c.chambers, id); if ch.reserved >
0 { return errBusy }; close(ch.queue)`), drops it on that way out
(RETURNS_BEFORE_CLOSING); the unsafe fix closes it before that `return`. A worker
started on its own object (`go l.run()`) that a function moves to a map no close walks
is left ranging too (RECEIVER_WORKER).

A loop that receives with `v, ok := <-ch` (a statement, or a case of a `select` with
no `default`) and whose only way out is `if !ok` waits for a close just as a range
does (UNTIL_CLOSED, analysis/cfg.py): a ticker case beside it that only flushes keeps
it looping, not ending. A loop with another way out (a `case <-stop: return`) is not
judged.

## Why is this bad?
`range` over a channel ends only when the channel is closed. When the producer
finishes without closing it, the ranging goroutine waits for the next value forever
and leaks, together with everything it holds.

## Example
```go
func process(items []int) {
        jobs := make(chan int)
        go func() {
                for j := range jobs { // never ends: nobody closes jobs
                        handle(j)
                }
        }()
        for _, it := range items {
                jobs <- it
        }
}
```

## Use instead
```go
        for _, it := range items {
                jobs <- it
        }
        close(jobs)
```
With several producers, close after they are all done:
`go func() { wg.Wait(); close(jobs) }()`.

A channel field of an object a constructor of the package makes is judged in the
function that makes the object, also when the constructor returns nil on some path (a
reporter nobody asked for) and the caller never tests the result against nil
(NIL_OR_FRESH), and when the worker hands each value to a function-typed field of the
object (`n.notify(line)`, CALLBACK_FIELD): a close the caller makes by a method of the
object on its success path only (`rep.close()`) leaves the worker waiting on the other
ways out.

## Fix safety
When the object's own method closes the channel and the function calls it by hand on
some paths (`rep.close()` at the end), the call moves into a `defer` right after the
constructor: unsafe, the stop now runs when the function returns, also on the failing
paths.
`defer close(jobs)` in the producing function is safe when that function is the only
sender and nothing sends after it returns; sending on a closed channel panics, so the
fix is not offered when other goroutines send too. A producer goroutine that closes
on its good path only (`close(out)` after the loop, skipped by an early `return` on
error) gets the close moved into a `defer` at its top; a struct field closed by a
method that returns early gets its `close` moved into a `defer` in that method. Both
are safe when nothing but a `return` followed the close.
When the owner waits for its goroutine after closing (`close(ch); return <-done`), a
deferred close would run only after that wait: the fix closes the channel right before
the `return` that skips it instead, safe when the owner is the only sender, its own
closes all come after that `return`, and the `make` is in no loop.
A channel closed only after a `wg.Wait()` that never returns gets the Wait's own fix
(GL015: `wg.Add(1)` right before each `go` that calls `wg.Done()`), after which the
close happens.
When the method that returns early is declared in another file of the package, the
`defer close(...)` goes in that file; a fix that edits another file is offered one by
one (unsafe), since it changes code the user is not looking at.

For a queue no code closes, the fix closes it first thing in the stopping method:
unsafe, since a send after the stop (or a second stop) now panics; the senders must
learn that the object is stopped.

When the closing walk reads a list of keys, the fix appends the new entry's key to that
list right before the call that adds the entry (`b.order = append(b.order, name)`):
unsafe, as a starter that stores nothing on some path leaves a key with no entry for
the walk, and a key already listed would be closed twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.classify import Leak
from goleash.analysis.dropped_channels import DroppedChannel, dropped_channels
from goleash.analysis.field_closers import closing_methods
from goleash.analysis.unclosed_fields import unclosed_field_ranges
from goleash.model import Applicability, Finding, Fix, Related, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    yield from _unclosed_fields(ctx)
    for d in dropped_channels(ctx.liveness.functions, ctx.file, ctx.candidates.get("go", [])):
        yield _dropped_channel(ctx, d)
    for leak in ctx.leaks:
        if leak.code != "GL008" or say.stopped_by_a_method(ctx, leak):
            continue  # (an object a method stops: GL010 names the method not called)
        if leak.verdict.kind == "queue-never-closed":
            yield _queue_never_closed(ctx, leak)
            continue
        if leak.verdict.kind == "entry-dropped":
            yield _entry_dropped(ctx, leak)
            continue
        v = leak.verdict
        name = say.display_name(leak)
        subject = say.who(leak) if v.partner is not None else say.owner(leak)
        quitter = None
        if v.kind == "root-range" and v.partner is not None:
            # The function itself ranges; the goroutine it started gives up.
            named = say.who(leak) != "goroutine"
            subject = say.owner(leak)
            quitter = say.who(leak) if named else "the goroutine it started"
        if "after_wait" in v.detail:
            wait, close = v.detail["after_wait"], v.detail["close"]
            group = say.operand_text(wait) or "the group"
            message = (
                f"{subject} never finishes {say.verb(leak)}: `{name}` is closed only after "
                f"`{group}.Wait()` at line {gosyntax.line_of(wait.node)}, which never returns"
            )
            related = [
                ctx.related(wait.node, f"`{group}.Wait()` never returns (see the finding here)"),
                ctx.related(close.node, f"`{name}` would be closed here"),
            ]
            # The Wait's own fix (the Add counted where each goroutine starts) lets the close happen.
            fix = (
                ctx.fix(fixes.add_where_started, wait.node, group)
                if say.in_file(ctx, wait.node)
                else None
            )
            yield ctx.finding(
                RULE, say.primary(ctx, leak), message, related, fixes=(fix,) if fix else ()
            )
            continue
        if leak.never:
            what = "sent on but never closed" if v.detail.get("sends") else "never closed"
            message = (
                f"{subject} never finishes {say.verb(leak)}: `{name}` is {what}, "
                f"so the loop waits for another value forever"
            )
            extra = []
            last = say.last_send(leak)
            if last is not None:
                extra.append(
                    ctx.related(
                        last[0].node, f"last send on `{name}`; close it after this", last[1].file
                    )
                )
        else:
            message = f"{subject} never finishes {say.verb(leak)} when {say.exit_phrase(leak, ctx, quitter)} without closing `{name}`"
            extra = say.exit_related(ctx, leak, f"without closing `{name}`")
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=_fixes(ctx, leak))


def _queue_never_closed(ctx: Context, leak: Leak) -> Finding:
    """A constructor's worker ranging over a queue field no code of the package closes,
    although the type has a stopping method."""
    v = leak.verdict
    name, method, method_file = v.detail["stopper"]
    queue = say.display_name(leak)
    message = (
        f"{say.who(leak)} never finishes {say.verb(leak)}: nothing in the package closes `{queue}`, "
        f"`{name}` included, so the loop waits for another value forever"
    )
    extra = [
        ctx.related(
            method.child_by_field_name("name") or method,
            f"`{name}` does not close `{queue}`",
            method_file,
        )
    ]
    field = leak.ident.field or ""
    if method_file.path == ctx.file.path:
        fix = ctx.fix(fixes.close_in_stopper, method, field)
    else:
        fix = ctx.fix(fixes.build_in_file, method, fixes.close_in_stopper, method, field)
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _entry_dropped(ctx: Context, leak: Leak) -> Finding:
    """A worker's entry deleted from the map that keeps it, without the close the package
    gives it where it drops one elsewhere."""
    v = leak.verdict
    drop = v.detail["drop"]
    queue = say.display_name(leak)
    dropper = say.declaring_name(drop.func) or "a function"
    where = say.place(ctx, drop.call, drop.func.file)
    release = say.place(ctx, drop.release, drop.release_file)
    through = v.detail.get("through")
    removes = (
        f"takes its object out through `{through}`"
        if through
        else f"deletes its entry from `{v.detail['map_field']}`"
    )
    if v.detail.get("unregistered"):
        # UNREGISTERED_ON_A_WAY_OUT: the object never reached the map the walk closes.
        member = f"{drop.member}.{v.identity.field}"
        message = (
            f"{say.who(leak)} never finishes {say.verb(leak)}: `{dropper}` returns at {where} "
            f"before storing `{drop.member}` in `{v.detail['map_field']}`, and the package "
            f"closes `{member}` only for the entries of `{v.detail['map_field']}` at {release}, "
            "so the loop waits for another value forever"
        )
        extra = [
            ctx.related(
                drop.call,
                f"`{dropper}` leaves here with `{drop.member}` in no map, `{member}` open",
                drop.func.file,
            ),
            ctx.related(
                drop.release,
                f"`{member}` is closed only for the entries of `{v.detail['map_field']}`",
                drop.release_file,
            ),
        ]
        fix = ctx.fix(fixes.build_in_file, drop.call, fixes.close_unregistered, drop.call, member)
        return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,) if fix else ())
    if v.detail.get("key_list"):
        # KEY_LIST_WALK: the object is in the map, its key in no list the closing walk reads.
        key_list, starter_func, key = v.detail["key_list"]
        starter = say.function_name(starter_func)
        through = f" through `{starter}`" if starter and starter != dropper else ""
        member = f"{drop.member}.{v.identity.field}"
        message = (
            f"{say.who(leak)} never finishes {say.verb(leak)}: `{dropper}` stores `{drop.member}` "
            f"in `{v.detail['map_field']}`{through} at {where} without adding its key to "
            f"`{key_list}`, and the package closes `{member}` only for the keys of `{key_list}` "
            f"at {release}, so the loop waits for another value forever"
        )
        extra = [
            ctx.related(
                drop.call,
                f"`{dropper}` adds an entry here whose key never reaches `{key_list}`",
                drop.func.file,
            ),
            ctx.related(
                drop.release,
                f"`{member}` is closed only for the keys of `{key_list}`",
                drop.release_file,
            ),
        ]
        fix = (
            ctx.fix(
                fixes.build_in_file, drop.call, fixes.append_key_to_list, drop.call, key_list, key
            )
            if key
            else None
        )
        return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,) if fix else ())
    if drop.way_out is not None:
        # RETURNS_BEFORE_CLOSING: the same function closes it on its other way out.
        leave = say.place(ctx, drop.way_out, drop.func.file)
        message = (
            f"{say.who(leak)} never finishes {say.verb(leak)}: `{dropper}` deletes its entry "
            f"from `{v.detail['map_field']}` at {where} and returns at {leave} without closing "
            f"`{queue}`, as it does on its other way out at {release}: once out of the map, "
            "nothing closes it, so the loop waits for another value forever"
        )
        extra = [
            ctx.related(drop.call, "the entry is dropped here", drop.func.file),
            ctx.related(
                drop.way_out, f"`{dropper}` returns here with `{queue}` still open", drop.func.file
            ),
            ctx.related(drop.release, "its other way out closes it here", drop.release_file),
        ]
        # the channel as its own close names it (`close(ch.queue)`)
        closing = next(
            (
                a
                for a in (drop.release, *gosyntax.ancestors(drop.release))
                if a.type == "call_expression"
            ),
            None,
        )
        args = gosyntax.call_arguments(closing) if closing is not None else []
        channel = gosyntax.text(args[0]) if len(args) == 1 else ""
        fix = (
            ctx.fix(
                fixes.build_in_file, drop.way_out, fixes.close_unregistered, drop.way_out, channel
            )
            if channel
            else None
        )
        return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,) if fix else ())
    if v.detail.get("replaced"):
        # REPLACED_UNCLOSED: no fix; the old entry may be absent (`ok` false), and where
        # its channel is to be closed is the package's choice.
        message = (
            f"{say.who(leak)} never finishes {say.verb(leak)}: `{dropper}` replaces "
            f"`{drop.member}`, the entry of `{v.detail['map_field']}` it looked up, at {where} "
            f"without closing `{drop.member}.{v.identity.field}`, as the package does when it "
            f"drops an entry at {release}, so the old entry's loop waits for another value "
            "forever"
        )
        extra = [
            ctx.related(
                drop.call, f"`{drop.member}` is replaced here, its channel open", drop.func.file
            ),
            ctx.related(
                drop.release, "the package closes it here when it drops an entry", drop.release_file
            ),
        ]
        return say.finding(ctx, RULE, leak, message, *extra, fixes=())
    message = (
        f"{say.who(leak)} never finishes {say.verb(leak)}: `{dropper}` {removes} at {where} "
        f"without closing `{queue}`, as the package does when it drops an entry at {release}, "
        f"so the loop waits for another value forever"
    )
    extra = [
        ctx.related(
            drop.call, f"the entry is dropped here; `{queue}` is never closed", drop.func.file
        ),
        ctx.related(
            drop.release, "the package closes it here when it drops an entry", drop.release_file
        ),
    ]
    moved_to = v.detail.get("moved_to")
    if moved_to is not None:
        # MOVED_OUT_OF_THE_WALK: no fix; where to close it (a second walk, or on the
        # way out of the other map) is the package's design.
        other = gosyntax.text(gosyntax.field(moved_to, "left")).split("[", 1)[0]
        deleted = gosyntax.call_arguments(drop.call)
        walked = gosyntax.text(deleted[0]) if deleted else v.detail["map_field"]
        message = (
            f"{say.who(leak)} never finishes {say.verb(leak)}: `{dropper}` moves its entry "
            f"from `{walked}` to `{other}` at {say.place(ctx, moved_to, drop.func.file)}, and "
            f"the package closes `{queue}` only for the entries it finds in `{walked}` at "
            f"{release}: once moved, nothing closes it, so the "
            "loop waits for another value forever"
        )
        extra = [
            ctx.related(moved_to, f"the entry is moved to `{other}` here", drop.func.file),
            ctx.related(
                drop.release,
                f"`{queue}` is closed only for the entries still in `{walked}`",
                drop.release_file,
            ),
        ]
        return say.finding(ctx, RULE, leak, message, *extra, fixes=())
    # Where the entry leaves the registry, its channel is closed: after the removal
    # helper, beside the delete (with the member in hand, or looked up under its key).
    field = v.identity.field or ""
    builder: tuple[Callable[..., Fix | None], tuple[object, ...]] | None = None
    if drop.member == "":
        pass  # the object is not in hand where it is dropped: no fix names it
    elif drop.member is not None:
        builder = (
            (fixes.close_after_removal, (drop.call, drop.member, field))
            if through
            else (fixes.close_when_deleting, (drop.call, field, drop.member))
        )
    elif not v.detail.get("member"):
        builder = (fixes.close_entry_when_deleting, (drop.call, field))
    elif drop.func.file.path == ctx.file.path:
        builder = (fixes.close_when_deleting, (drop.call, field))
    fix = ctx.fix(fixes.build_in_file, drop.call, builder[0], *builder[1]) if builder else None
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _fixes(ctx: Context, leak: Leak) -> tuple[Fix, ...]:
    """Close where every send is done: a deferred close in the owner when it is the one
    sender, at the top of the one producer goroutine, or after a WaitGroup of several.
    (A close while another goroutine may still send would panic; the builders refuse.)"""
    v = leak.verdict
    ch = say.old_channel(ctx, leak)
    fix = None
    if ch is not None:
        if say.only_root_sends(ch):
            fix = ctx.fix(fixes.defer_close, ch)
            if (fix is None or fix.applicability is not Applicability.SAFE) and leak.exit:
                # `close(ch); return <-done`: a deferred close would wait for the wait.
                fix = ctx.fix(fixes.close_before_exit, ch, leak.exit) or fix
        else:
            fix = ctx.fix(fixes.close_in_producer, ch) or ctx.fix(fixes.close_after_wait, ch)
    if fix is None and not leak.never and leak.exit is not None:
        # A struct field or parameter the function that gives up closes on its other paths.
        starts = [v.partner.event.node] if v.partner is not None else []
        if say.in_file(ctx, leak.exit):
            fix = ctx.fix(fixes.close_on_every_way_out, leak.exit, say.display_name(leak), starts)
        else:
            # The function that gives up is declared in another file of the package: the
            # close goes there (the `go` is not in that file, so it anchors nothing).
            fix = ctx.fix(
                fixes.build_in_file,
                leak.exit,
                fixes.close_on_every_way_out,
                leak.exit,
                say.display_name(leak),
                [],
            )
    if fix is None:
        fix = _defer_the_closing_method(ctx, leak)
    p = v.partner
    if (
        fix is None
        and p is not None
        and p.func is not None
        and p.func.node.type == "func_literal"
        and not p.repeated
    ):
        # The producer closes on some of its paths only.
        fix = ctx.fix(fixes.close_at_goroutine_exit, p.func.node, say.display_name(leak))
    return (fix,) if fix else ()


def _defer_the_closing_method(ctx: Context, leak: Leak) -> Fix | None:
    """A channel field of an object a constructor made (`rep := newReporter(...)`), closed
    by a method of the object the function calls by hand on some paths (`rep.close()`):
    that call moves into a `defer` after the constructor."""
    ident = leak.ident
    var, birth, field = ident.var, ident.birth, ident.field
    if ident.helper is None or var is None or birth is None or not field:
        return None
    type_name = ident.root.resolver.var_type(var)
    found = closing_methods(ctx.liveness, type_name, field) if type_name else None
    decl = birth.parent.parent if birth.parent is not None else None
    maker = gosyntax.enclosing_function(birth)
    root = maker.text or b"" if maker is not None else b""
    for method in found[0] if found is not None else ():
        if f"{var.name}.{method}(".encode() in root:
            return ctx.fix(fixes.defer_the_stop_made_by_hand, decl, var.name, method)
    return None


def _dropped_channel(ctx: Context, d: DroppedChannel) -> Finding:
    """A channel kept in a map and ranged by its goroutine, deleted from the map without
    the close the package gives its channels elsewhere (dropped_channels.py)."""
    who = f"goroutine `{d.worker}`" if d.worker else "the goroutine"
    dropper = gosyntax.function_name(d.drop_func)
    by = f"`{dropper}`" if dropper else "the function literal"
    where = say.place(ctx, d.delete, d.drop_file)
    release = say.place(ctx, d.release, d.release_file)
    message = (
        f"{who} never finishes ranging over `{d.channel}`: {by} deletes it from "
        f"`{d.map_text}` at {where} without closing it, while the package closes the "
        f"channels of `{d.map_text}` only at {release}, so the loop waits for another "
        "value forever"
    )
    related = [
        ctx.related(d.store, f"`{d.channel}` is kept in `{d.map_text}` here", d.store_file),
        ctx.related(d.delete, "it is dropped here, still open", d.drop_file),
        ctx.related(d.release, "the package closes the map's channels here", d.release_file),
    ]
    if d.helper is not None:
        helper = gosyntax.function_name(d.helper) or "the helper"
        message = (
            f"{who} never finishes ranging over `{d.channel}`: `{helper}` takes it out of "
            f"`{d.map_text}` and hands it back, and {by} throws it away at {where} without "
            f"closing it, while the caller at {release} closes what `{helper}` hands back, "
            "so the loop waits for another value forever"
        )
        related[1] = ctx.related(d.delete, "the channel handed back is dropped here", d.drop_file)
        related[2] = ctx.related(
            d.release, f"another caller closes what `{helper}` hands back", d.release_file
        )
        fix = ctx.fix(
            fixes.build_in_file,
            d.delete,
            fixes.close_handed_back,
            d.delete,
            d.handed_index,
            d.channel,
        )
        return ctx.finding(
            RULE, _primary(ctx, d, related), message, related, fixes=(fix,) if fix else ()
        )
    primary = _primary(ctx, d, related)
    statement = d.delete.parent
    fix = (
        ctx.fix(
            fixes.build_in_file,
            d.delete,
            fixes.stop_replaced_entry,
            statement,
            d.map_text,
            d.key,
            lambda held: f"close({held})",
            True,
        )
        if statement is not None and statement.type == "expression_statement"
        else None
    )
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _primary(ctx: Context, d: DroppedChannel, related: list[Related]) -> Node:
    """The worker's range when it is in this file; else the `go`, the range related."""
    if d.loop_file.path == ctx.file.path:
        return d.loop
    related.insert(0, ctx.related(d.loop, "the goroutine ranges here", d.loop_file))
    return d.go


def _unclosed_fields(ctx: Context) -> Iterator[Finding]:
    """Ranges over a channel field nothing in the package closes (unclosed_fields.py),
    where the counting model judged nothing."""
    judged = {
        (leak.verdict.func.file.path, leak.verdict.event.node.start_byte)
        for leak in ctx.leaks
        if leak.code == "GL008" and leak.verdict.event is not None
    }
    for found in unclosed_field_ranges(ctx.package, ctx.goroutines):
        if found.goroutine.file.path != ctx.file.path:
            continue
        if (ctx.file.path, found.loop.start_byte) in judged:
            continue
        channel = gosyntax.text(found.channel)
        message = (
            f"{found.goroutine.name} never finishes ranging over `{channel}`: nothing in the "
            f"package ever closes the `{found.field}` field, so the loop waits for another "
            f"value forever once the senders stop"
        )
        related = [
            ctx.related(
                found.goroutine.start, "the goroutine is started here", found.goroutine.start_file
            )
        ]
        if found.made is not None and found.made_file is not None:
            related.append(
                ctx.related(found.made, f"`{found.field}` is made here", found.made_file)
            )
        yield ctx.finding(RULE, found.channel, message, related)


RULE = Rule(
    code="GL008",
    name="range-over-unclosed-channel",
    summary="A goroutine ranges over a channel that is never closed (on some or all paths)",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
