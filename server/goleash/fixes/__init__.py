"""Fix builders: turn what a rule found into edits that remove the leak.

The rules call these with the nodes they already hold. Each returns a `Fix` (or
None when no correct edit exists for this code); the rule orders the alternatives,
and `choose` marks the first as preferred. Every builder refuses nodes of another
file of the package and files marked generated, and writes gofmt-formatted code.
"""

from __future__ import annotations

from typing import Iterable

from goleash.fixes.cancel_fixes import call_kept_cancel
from goleash.fixes.channel_fixes import buffer_channel, close_after_wait, close_in_producer, defer_close, wait_in_goroutine
from goleash.fixes.drain_fixes import drain_after_consumer, drain_after_range
from goleash.fixes.edits import EditError, apply_edits
from goleash.fixes.helper_fixes import thread_way_out
from goleash.fixes.imports import ensure_import
from goleash.fixes.lock_fixes import defer_unlock, locked_variant, unlock_before_relock, unlock_before_return
from goleash.fixes.loop_fixes import stop_field, stop_loop, stop_ticker_range, waiting_point
from goleash.fixes.reply_fixes import cancel_replaced_entry, look_up_under_stored_key, receive_before_return
from goleash.fixes.serve_fixes import (
    close_at_goroutine_exit,
    close_on_every_way_out,
    close_when_goroutine_ends,
    send_before_return,
    start_after_early_return,
)
from goleash.fixes.select_fixes import add_done_case, stop_channel, wait_instead_of_empty_select, wrap_in_select
from goleash.fixes.statement_fixes import (
    defer_cancel,
    defer_done,
    defer_stop,
    defer_stop_method,
    insert_return_after,
    make_nil_channel,
    make_on_every_path,
    skip_when_nil,
)
from goleash.fixes.waitgroup_fixes import add_where_started
from goleash.fixes.suppress_fixes import remove_suppression, suppression_edit
from goleash.model import Applicability, Fix


def choose(*candidates: Fix | None) -> tuple[Fix, ...]:
    """The fixes that could be built, in the rule's order of preference, the first preferred
    (unless the rule already marked one)."""
    out = [f for f in candidates if f is not None]
    if out and not any(f.preferred for f in out):
        from dataclasses import replace

        out[0] = replace(out[0], preferred=True)
    return tuple(out)


def preferred_fix(fixes: Iterable[Fix], unsafe: bool = False) -> Fix | None:
    """The fix to apply unattended: the preferred one among the allowed, else the first allowed.

    Allowed: SAFE, plus UNSAFE with `unsafe`; DISPLAY_ONLY never."""
    allowed = [f for f in fixes if f.applicability is Applicability.SAFE or (unsafe and f.applicability is Applicability.UNSAFE)]
    return next((f for f in allowed if f.preferred), allowed[0] if allowed else None)


__all__ = [
    "add_where_started",
    "EditError",
    "add_done_case",
    "apply_edits",
    "buffer_channel",
    "call_kept_cancel",
    "cancel_replaced_entry",
    "look_up_under_stored_key",
    "receive_before_return",
    "choose",
    "close_after_wait",
    "close_at_goroutine_exit",
    "close_in_producer",
    "close_on_every_way_out",
    "close_when_goroutine_ends",
    "defer_cancel",
    "defer_close",
    "defer_done",
    "defer_stop",
    "defer_stop_method",
    "defer_unlock",
    "drain_after_consumer",
    "drain_after_range",
    "ensure_import",
    "insert_return_after",
    "locked_variant",
    "make_nil_channel",
    "make_on_every_path",
    "preferred_fix",
    "remove_suppression",
    "send_before_return",
    "skip_when_nil",
    "start_after_early_return",
    "stop_channel",
    "stop_field",
    "stop_loop",
    "stop_ticker_range",
    "suppression_edit",
    "thread_way_out",
    "unlock_before_relock",
    "unlock_before_return",
    "wait_in_goroutine",
    "wait_instead_of_empty_select",
    "waiting_point",
    "wrap_in_select",
]
