"""Fix builders: turn what a rule found into edits that remove the leak.

The rules call these with the nodes they already hold. Each returns a `Fix` (or
None when no correct edit exists for this code); the rule orders the alternatives,
and `choose` marks the preferred one (`selection`). Builders refuse files marked
generated and write gofmt-formatted code. Most edit only the file being analysed;
the few that must edit another file of the package (the method that gives up is
declared there) find it through `common.package_file` and name it on their edits.
"""

from __future__ import annotations

from goleash.fixes.cancel_fixes import (
    call_cancel_kept_in,
    call_kept_cancel,
    cancel_on_the_way_out,
    hand_derived_context,
    pointer_receiver,
)
from goleash.fixes.channel_fixes import (
    append_key_to_list,
    buffer_channel,
    close_after_wait,
    close_before_exit,
    close_handed_back,
    close_in_producer,
    close_in_stopper,
    close_unregistered,
    defer_close,
    release_slot_in_defer,
    wait_in_goroutine,
)
from goleash.fixes.common import build_in_file
from goleash.fixes.drain_fixes import drain_after_close, drain_after_consumer, drain_after_range
from goleash.fixes.edits import EditError, apply_edits, apply_to_files
from goleash.fixes.helper_fixes import thread_way_out
from goleash.fixes.imports import ensure_import
from goleash.fixes.lazy_fixes import make_with_value
from goleash.fixes.lock_fixes import (
    call_before_return,
    defer_unlock,
    locked_variant,
    unlock_before_relock,
    unlock_before_return,
    widen_prefix,
)
from goleash.fixes.loop_fixes import (
    done_field_for_ticks,
    keep_draining,
    sleep_until_stopped,
    stop_field,
    stop_loop,
    stop_ticker_range,
    waiting_point,
    watch_stop_case,
)
from goleash.fixes.pipe_fixes import (
    close_connection_in,
    close_pipe_end,
    close_pipe_on_failed_read,
    close_returned_reader,
)
from goleash.fixes.reader_fixes import close_on_cancel
from goleash.fixes.reply_fixes import (
    cancel_before_replacing,
    cancel_replaced_entry,
    close_before_replacing,
    look_up_under_stored_key,
    receive_before_return,
)
from goleash.fixes.request_fixes import answer_dropped_request, deliver_dropped_key
from goleash.fixes.select_fixes import (
    add_done_case,
    stop_channel,
    wait_for_signal_or_done,
    wait_instead_of_empty_select,
    wait_on_child_context,
    wrap_in_select,
)
from goleash.fixes.selection import choose_fixes, mark_preferred, preferred_fix
from goleash.fixes.serve_fixes import (
    call_first_in,
    close_at_goroutine_exit,
    close_on_every_way_out,
    close_when_goroutine_ends,
    send_before_return,
    start_after_early_return,
)
from goleash.fixes.statement_fixes import (
    broadcast_after,
    buffer_one,
    call_the_setter,
    close_after_removal,
    close_before_return,
    close_entry_when_deleting,
    close_when_deleting,
    count_out_on_recover,
    defer_call_first,
    defer_cancel,
    defer_done,
    defer_earlier,
    defer_on_the_last_value,
    defer_stop,
    defer_stop_method,
    defer_the_stop_made_by_hand,
    done_before_return,
    fail_gate_before_return,
    finish_flight_before_return,
    heed_flag_in_wait_loop,
    insert_return_after,
    leave_on_stop_flag,
    make_nil_channel,
    make_on_every_path,
    open_gate_before_return,
    pass_turn_before_return,
    release_abandoned_waiter,
    repeat_stop_before,
    signal_to_broadcast,
    skip_when_nil,
    stop_before_delete,
    stop_before_dropping,
    stop_call_before_return,
    stop_in_goroutine,
    stop_replaced_entry,
    stop_replaced_holder,
    wake_before_return,
    wake_loop_after,
    wake_waiters_after_stop,
    wake_waiters_on_stop,
)
from goleash.fixes.suppress_fixes import remove_suppression, suppression_edit
from goleash.fixes.waitgroup_fixes import add_where_started, defer_release, share_by_pointer
from goleash.model import Fix


def choose(*candidates: Fix | None) -> tuple[Fix, ...]:
    """The fixes that could be built, in the rule's order of preference, one marked
    preferred (see `selection.mark_preferred`)."""
    return mark_preferred(candidates)


__all__ = [
    "answer_dropped_request",
    "deliver_dropped_key",
    "broadcast_after",
    "wake_loop_after",
    "done_before_return",
    "hand_derived_context",
    "add_where_started",
    "share_by_pointer",
    "EditError",
    "add_done_case",
    "apply_edits",
    "apply_to_files",
    "buffer_channel",
    "build_in_file",
    "call_cancel_kept_in",
    "call_kept_cancel",
    "cancel_on_the_way_out",
    "cancel_replaced_entry",
    "cancel_before_replacing",
    "close_before_replacing",
    "look_up_under_stored_key",
    "receive_before_return",
    "choose",
    "choose_fixes",
    "close_after_wait",
    "close_before_exit",
    "close_handed_back",
    "stop_call_before_return",
    "wake_before_return",
    "close_before_return",
    "count_out_on_recover",
    "fail_gate_before_return",
    "finish_flight_before_return",
    "leave_on_stop_flag",
    "release_abandoned_waiter",
    "close_at_goroutine_exit",
    "close_in_producer",
    "close_in_stopper",
    "append_key_to_list",
    "close_unregistered",
    "pointer_receiver",
    "call_first_in",
    "close_on_every_way_out",
    "close_pipe_end",
    "close_pipe_on_failed_read",
    "close_returned_reader",
    "close_connection_in",
    "close_when_goroutine_ends",
    "defer_cancel",
    "defer_close",
    "defer_release",
    "defer_done",
    "defer_stop",
    "defer_call_first",
    "defer_stop_method",
    "heed_flag_in_wait_loop",
    "stop_in_goroutine",
    "defer_unlock",
    "drain_after_close",
    "defer_earlier",
    "defer_on_the_last_value",
    "defer_the_stop_made_by_hand",
    "close_after_removal",
    "close_entry_when_deleting",
    "close_when_deleting",
    "stop_before_dropping",
    "repeat_stop_before",
    "buffer_one",
    "stop_before_delete",
    "stop_replaced_entry",
    "stop_replaced_holder",
    "wake_waiters_after_stop",
    "wake_waiters_on_stop",
    "drain_after_consumer",
    "drain_after_range",
    "ensure_import",
    "insert_return_after",
    "locked_variant",
    "mark_preferred",
    "make_nil_channel",
    "make_on_every_path",
    "make_with_value",
    "open_gate_before_return",
    "preferred_fix",
    "release_slot_in_defer",
    "remove_suppression",
    "send_before_return",
    "signal_to_broadcast",
    "call_the_setter",
    "skip_when_nil",
    "start_after_early_return",
    "stop_channel",
    "stop_field",
    "close_on_cancel",
    "done_field_for_ticks",
    "keep_draining",
    "sleep_until_stopped",
    "stop_loop",
    "watch_stop_case",
    "stop_ticker_range",
    "suppression_edit",
    "thread_way_out",
    "unlock_before_relock",
    "widen_prefix",
    "pass_turn_before_return",
    "unlock_before_return",
    "call_before_return",
    "wait_in_goroutine",
    "wait_for_signal_or_done",
    "wait_instead_of_empty_select",
    "wait_on_child_context",
    "waiting_point",
    "wrap_in_select",
]
