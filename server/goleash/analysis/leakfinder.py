"""The general model's findings for one file: identities born there, judged and classified."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import tree_sitter

from goleash.analysis import outlived_receivers
from goleash.analysis.classify import Leak, classify
from goleash.analysis.copied_receivers import copied_signal_verdicts
from goleash.analysis.counted_flights import unfinished_flight_verdicts
from goleash.analysis.dropped_entries import dropped_entry_verdicts
from goleash.analysis.gated_stops import gated_stop_verdicts
from goleash.analysis.identities import (
    constructed,
    contexts,
    counted_senders,
    discover,
    field_protocols,
    helper_elements,
    helper_results,
    maybe_nil,
    select_groups,
)
from goleash.analysis.kept_slots import kept_slot_verdicts
from goleash.analysis.liveness import Liveness
from goleash.analysis.optional_fields import optional_field_verdicts
from goleash.analysis.outlived_receivers import outlived_receiver_verdicts
from goleash.analysis.refused_counts import refused_count_verdicts
from goleash.analysis.replaced_local_signals import replaced_local_signal_verdicts
from goleash.analysis.replaced_signals import replaced_signal_verdicts
from goleash.analysis.reply_channels import abandoned_reply_channels
from goleash.analysis.request_reply import abandoned_reply_verdicts
from goleash.analysis.skipped_item_counts import skipped_item_verdicts
from goleash.analysis.skipped_releases import skipped_release_verdicts
from goleash.analysis.stop_ignored import ignored_stop_verdicts
from goleash.analysis.stop_signals import skipped_stop_verdicts
from goleash.analysis.stopped_timers import stopped_timer_verdicts
from goleash.analysis.unanswered_requests import unanswered_request_verdicts
from goleash.analysis.unclosed_fields import unclosed_queue_verdicts

if TYPE_CHECKING:
    from goleash.analysis.liveness import Verdict
    from goleash.analysis.package import Package
    from goleash.source import SourceFile

log = logging.getLogger(__name__)

# Capture names are unique across the rules' shared candidate query.
QUERY = "\n".join(
    (
        '(var_spec type: (qualified_type name: (type_identifier) @_wgn) (#eq? @_wgn "WaitGroup")) @wg_spec',
        '(composite_literal type: (qualified_type name: (type_identifier) @_wgc) (#eq? @_wgc "WaitGroup")) @wg_value',
        "(short_var_declaration right: (expression_list . (call_expression) @bound_call .))",
        "(assignment_statement left: (expression_list . (identifier) .)"
        " right: (expression_list . (call_expression) @bound_call .))",
        "(keyed_element value: (literal_element (call_expression) @field_call))",
        "(range_clause right: (call_expression) @used_call)",
        '(unary_expression operator: "<-" operand: (call_expression) @used_call)',
        "(assignment_statement left: (expression_list (index_expression))"
        " right: (expression_list . (call_expression) @element_call .))",
        '(call_expression function: (identifier) @_ap (#eq? @_ap "append")'
        " arguments: (argument_list . (identifier) . (call_expression) @element_call .))",
        "(call_expression function: (selector_expression operand: (selector_expression) field: (field_identifier) @_fw)"
        ' (#eq? @_fw "Wait")) @field_wait',
        outlived_receivers.QUERY,
    )
)


def find_leaks(
    file: SourceFile,
    package: Package,
    candidates: dict[str, list[tree_sitter.Node]],
    liveness: Liveness | None = None,
) -> list[Leak]:
    liveness = liveness or Liveness(file, package)
    identities = discover(
        liveness,
        candidates.get("make", []),
        candidates.get("wg_spec", []) + candidates.get("wg_value", []),
        candidates.get("bound_call", []) + candidates.get("field_call", []),
        candidates.get("field_wait", []),
    )
    identities += helper_results(liveness, candidates.get("used_call", []))
    identities += helper_elements(liveness, candidates.get("element_call", []))
    identities += constructed(liveness, candidates.get("bound_call", []))
    identities += field_protocols(liveness, candidates.get("go", []))
    identities += counted_senders(liveness, candidates.get("go", []))
    identities += contexts(liveness, candidates.get("cancel_decl", []))
    identities += select_groups(liveness, candidates.get("select", []))
    leaks: list[Leak] = [
        Leak("GL014", v) for v in maybe_nil(liveness, candidates.get("nil_chan_spec", []))
    ]
    leaks += [Leak("GL014", v) for v in optional_field_verdicts(liveness, candidates.get("go", []))]
    for ident in identities:
        for verdict in liveness.judge(ident):
            leak = classify(verdict)
            if leak is not None:
                leaks.append(leak)
                leaks += [Leak("GL008", v) for v in closes_never_reached(verdict)]
    leaks = _behind_a_certain_block(leaks)
    # The counting model judges what it can count; these two shapes are what it cannot (a
    # loop that only ends on a stop signal, a stream of replies), so they only add.
    judged = {
        (leak.verdict.func.file.path, leak.verdict.event.node.start_byte)
        for leak in leaks
        if leak.verdict.event is not None
    }
    for code, verdicts in (
        ("GL009", skipped_stop_verdicts(liveness, candidates.get("go", []))),
        ("GL002", abandoned_reply_verdicts(liveness, candidates.get("go", []))),
        ("GL007", ignored_stop_verdicts(liveness, candidates.get("go", []))),
        ("GL007", outlived_receiver_verdicts(liveness, candidates.get("field_send", []))),
        ("GL008", unclosed_queue_verdicts(liveness, candidates.get("go", []))),
        ("GL008", dropped_entry_verdicts(liveness, candidates.get("go", []))),
        ("GL022", unanswered_request_verdicts(liveness, candidates.get("make", []))),
        ("GL003", replaced_signal_verdicts(liveness, candidates.get("go", []))),
        ("GL003", replaced_local_signal_verdicts(liveness, candidates.get("go", []))),
        ("GL003", copied_signal_verdicts(liveness, candidates.get("go", []))),
        ("GL003", stopped_timer_verdicts(liveness, candidates.get("go", []))),
        ("GL003", gated_stop_verdicts(liveness, candidates.get("go", []))),
        ("GL023", kept_slot_verdicts(liveness, candidates.get("field_send", []))),
        ("GL015", skipped_release_verdicts(liveness, candidates.get("field_wait", []))),
        ("GL015", refused_count_verdicts(liveness, candidates.get("field_wait", []))),
        ("GL015", skipped_item_verdicts(liveness, candidates.get("field_wait", []))),
        ("GL015", unfinished_flight_verdicts(liveness, candidates.get("field_wait", []))),
    ):
        leaks += [
            Leak(code, v, supplementary=True)
            for v in verdicts
            if (v.func.file.path, v.event.node.start_byte) not in judged
        ]
    for r in abandoned_reply_channels(liveness, candidates.get("make", [])):
        v = r.verdict
        if (v.func.file.path, v.event.node.start_byte) not in judged:
            leaks.append(
                Leak("GL001", v, exit=r.exit, exit_kind="return", case=r.case, supplementary=True)
            )
    return leaks


def _behind_a_certain_block(leaks: list[Leak]) -> list[Leak]:
    """BLOCKED_BEFORE: a goroutine that blocks for good on an unbuffered channel nothing
    ever serves (not a select's case) never gets past that operation: a finding at an
    operation it dominates names a line the goroutine never reaches (`stdout <- a;
    stderr <- b`, neither read: the leak is at the first). Trade-off: only dominance
    within one function is followed, so a later operation in a callee stays reported."""
    certain = [
        leak
        for leak in leaks
        if leak.never
        and leak.verdict.kind in ("stuck-send", "stuck-recv")
        and leak.verdict.event is not None
        and leak.verdict.event.case is None
        and leak.verdict.identity.capacity_known
        and leak.verdict.identity.capacity.max() == 0
        and leak.verdict.func.cfg is not None
    ]
    if not certain:
        return leaks
    # Each certain block is compared with the findings of its own function only: a
    # file of N leaky functions was N² comparisons.
    by_function: dict[tuple[str, int], list[Leak]] = {}
    for leak in leaks:
        if leak.verdict.event is not None:
            func = leak.verdict.func
            by_function.setdefault((func.file.path, func.node.start_byte), []).append(leak)
    dropped: set[int] = set()
    for first in certain:
        func = first.verdict.func
        cfg = func.cfg
        assert cfg is not None and first.verdict.event is not None  # as selected above
        blocker = cfg.node_of(first.verdict.event.node)
        if blocker is None:
            continue
        beyond: set[int] | None = None
        for later in by_function.get((func.file.path, func.node.start_byte), ()):
            v = later.verdict
            if later is first or v.event is None or v.func.node != func.node:
                continue
            node = cfg.node_of(v.event.node)
            if node is None or node is blocker:
                continue
            if beyond is None:
                beyond = cfg.unreached({blocker.id})
            if node.id in beyond:
                dropped.add(id(later))
    return [leak for leak in leaks if id(leak) not in dropped]


def closes_never_reached(v: Verdict) -> list[Verdict]:
    """A waiter goroutine blocked forever (`go func() { wg.Wait(); close(ch) }()`) never
    reaches the close after its Wait: the root's `range ch` never ends either."""
    from goleash import gosyntax
    from goleash.analysis.liveness import Identity, Verdict
    from goleash.analysis.values import VarRef

    if v.kind != "root-wait" or v.detail.get("waiter") is None or v.func.cfg is None:
        return []
    wait = v.event
    top = gosyntax.statements(v.func.node.child_by_field_name("body"))
    if not any(
        s.type == "expression_statement" and s.start_byte <= wait.node.start_byte < s.end_byte
        for s in top
    ):
        return []  # the Wait sits in a branch: what follows may run without it
    root = v.identity.root
    out: list[Verdict] = []
    for ev in v.func.cfg.nodes_events():
        if (
            ev.kind != "close"
            or ev.node.start_byte < wait.node.end_byte
            or not isinstance(ev.ref, VarRef)
        ):
            continue
        var = ev.ref.var
        if root.cfg is None or var.func != root.node or len(var.assignments) != 1:
            continue
        make = var.assignments[0][1]
        birth = root.cfg.node_of(make) if make is not None else None
        for rng in root.cfg.nodes_events():
            if (
                rng.kind == "range"
                and isinstance(rng.ref, VarRef)
                and rng.ref.var is var
                and birth is not None
                and make is not None
            ):
                ident = Identity("chan", var.name, var, root, make, birth)
                out.append(
                    Verdict(
                        "root-range",
                        ident,
                        rng,
                        root,
                        None,
                        detail={"after_wait": wait, "close": ev, "waiter": v.func},
                    )
                )
    return out
