"""Guards added in the forty-first pass, each tied to the leak it lets through and the
near miss it keeps silent.

- QUEUE_KEPT_IN_A_FIELD (stop_signals.py): a constructor's worker ranging over a queue
  handed to it, which the object keeps among the values of a field and a method closes
  by walking that field, is stopped by that method; STOP_RETURNED (late_stops.py): a
  stop the function returns (`return d.drain(), nil`) is one the fix may call before
  the `return` that skips it (blind dev p427). CONSTRUCTING_METHOD (unstopped.py): such
  an object made by a method and never stopped is reported.
- STOP_BY_A_KEPT_CANCEL, CAPTURED_RECEIVER, STOP_CASE_WAKES (stopped_wakers.py): the
  only waking goroutine leaves on a context whose cancel a field keeps and `Close` calls;
  the waiter is a literal of a method (blind dev p442).
"""

from __future__ import annotations

from .edited_fixtures import codes_after, findings_after

QUEUES = "GL010/skipped_stop_walked_queues.go"
LANES = "GL010/skipped_stop_walked_lanes.go"
BOARD = "GL029/waker_cancelled_goroutine.go"


def test_a_return_skipping_the_walked_close_leaves_the_printers_running() -> None:
    (found,) = findings_after(QUEUES)
    assert found.code == "GL010"
    assert "runs until `drain` stops it" in found.message
    assert [f.title for f in found.fixes] == [
        "Call `d.drain()` before the `return` at line 66, which drops `d`"
    ]
    assert any("waits here for good" in r.message for r in found.related)


def test_a_queue_appended_to_a_slice_field_and_ranged_by_a_literal() -> None:
    (found,) = findings_after(LANES)
    assert found.code == "GL010" and "`Index` returns at line 59" in found.message


def test_draining_on_every_way_out_is_silent() -> None:
    drained = (
        "\t\t\treturn nil, fmt.Errorf",
        "\t\t\td.drain()\n\t\t\treturn nil, fmt.Errorf",
    )
    assert codes_after(QUEUES, drained) == []


def test_a_walk_that_does_not_close_the_queues_is_no_stop() -> None:
    counted = ("\t\tclose(q)\n", "\t\t_ = len(q)\n")
    assert codes_after(QUEUES, counted) == []


def test_a_queue_the_object_does_not_keep_is_not_its_to_stop() -> None:
    unkept = ("\t\td.queues[name] = q\n", "\t\t_ = name\n")
    assert "GL010" not in codes_after(QUEUES, unkept)  # GL003 reports the unclosed queue


def test_a_worker_that_also_waits_on_a_context_is_not_judged() -> None:
    watched = (
        "\tfor j := range q {\n",
        "\tfor {\n\t\tvar j Job\n\t\tselect {\n\t\tcase j = <-q:\n\t\tcase <-d.ctx.Done():\n\t\t\treturn\n\t\t}\n",
    )
    ctx = (
        "\tqueues map[string]chan Job\n",
        "\tqueues map[string]chan Job\n\tctx    context.Context\n",
    )
    imports = ('\t"errors"\n', '\t"context"\n\t"errors"\n')
    assert codes_after(QUEUES, watched, ctx, imports) == []


def test_a_dispatch_handed_on_before_the_return_is_not_judged() -> None:
    handed = (
        "\tfor _, j := range jobs {\n",
        "\ts.current = d\n\tfor _, j := range jobs {\n",
    )
    field = (
        "type Shop struct{ printers []string }",
        "type Shop struct {\n\tprinters []string\n\tcurrent  *dispatch\n}",
    )
    assert codes_after(QUEUES, handed, field) == []


def test_a_dispatch_never_drained_is_reported_once() -> None:
    never = ("\treturn d.drain(), nil\n", "\treturn nil, nil\n")
    (found,) = findings_after(QUEUES, never)
    assert found.code == "GL010" and "`drain`" in found.message, found.message


def test_a_poller_cancelled_by_close_strands_the_literal_waiter() -> None:
    (found,) = findings_after(BOARD)
    assert found.code == "GL029"
    assert "`Close` ends that goroutine without waking them" in found.message


def test_a_stop_case_that_wakes_them_is_silent() -> None:
    woken = ("\t\tcase <-ctx.Done():\n", "\t\tcase <-ctx.Done():\n\t\t\tb.fail()\n")
    assert codes_after(BOARD, woken) == []


def test_a_context_only_the_caller_ends_is_not_the_stop() -> None:
    unkept = (
        "\tctx, b.cancel = context.WithCancel(ctx)\n",
        "\t_, b.cancel = context.WithCancel(ctx)\n",
    )
    assert codes_after(BOARD, unkept) == []


def test_a_close_that_does_not_cancel_is_not_the_stop() -> None:
    uncalled = ("\tcancel()\n\t<-done\n", "\t_ = cancel\n\t<-done\n")
    assert codes_after(BOARD, uncalled) == []


KEPT = "GL010/fixed_method_made_kept_by_its_maker.go"


def test_a_method_that_keeps_what_it_makes_lends_it() -> None:
    assert codes_after(KEPT) == []


def test_a_method_that_keeps_nothing_hands_the_stop_to_its_caller() -> None:
    unkept = ("\t\tr.flushers[topic] = f\n", "")
    assert codes_after(KEPT, unkept) == ["GL010"]


ROUTER = "GL010/replaced_queue_channel.go"


def test_a_queue_replaced_under_a_present_key_strands_its_shipper() -> None:
    (found,) = findings_after(ROUTER)
    assert found.code == "GL010" and "the channel this store replaces" in found.message
    assert [f.title for f in found.fixes] == [
        "Stop the entry this store replaces: `close(replaced)` before overwriting `r.queues[t.ID]`"
    ]


def test_a_rotate_that_refuses_a_present_tenant_replaces_nothing() -> None:
    refused = (
        "\tif _, ok := r.queues[t.ID]; !ok {\n",
        "\tif _, ok := r.queues[t.ID]; ok {\n",
    )
    assert codes_after(ROUTER, refused) == []


def test_a_caller_closing_the_old_queue_stops_it() -> None:
    closed = (
        "\tif _, ok := r.queues[t.ID]; !ok {\n\t\treturn errUnknownTenant\n\t}\n"
        "\tr.startLocked(t)\n",
        "\told, ok := r.queues[t.ID]\n\tif !ok {\n\t\treturn errUnknownTenant\n\t}\n"
        "\tr.startLocked(t)\n\tclose(old)\n",
    )
    assert codes_after(ROUTER, closed) == []


def test_a_data_dependent_return_does_not_end_the_shipper() -> None:
    stoppable = (
        "\tfor range lines {\n",
        '\tfor range lines {\n\t\tif t.Sink == "off" {\n\t\t\treturn\n\t\t}\n',
    )
    # A data-dependent return still leaves the shipper waiting when no such line comes:
    # the queue is its only sure way out, and the store is reported.
    assert codes_after(ROUTER, stoppable) == ["GL010"]


PER_ITEM = "GL010/fixed_queue_per_item_in_a_fresh_map.go"


def test_a_fresh_map_keyed_by_each_items_name_replaces_nothing() -> None:
    assert codes_after(PER_ITEM) == []


def test_a_constant_key_in_the_loop_does_replace() -> None:
    constant = ("\t\tr.queues[st.Name] = q\n", '\t\tr.queues["all"] = q\n')
    assert codes_after(PER_ITEM, constant) == ["GL010"]


DESK = "GL029/terminal_flag_woken_on_one_branch.go"


def test_a_stop_flag_woken_only_when_tickets_remain_strands_the_clerk() -> None:
    (found,) = findings_after(DESK)
    assert found.code == "GL029" and "unless `len(left) > 0`" in found.message
    assert [f.title for f in found.fixes] == [
        "Wake the waiters: `d.cond.Broadcast()` after `d.closed = true`"
    ]


def test_a_flag_set_back_is_no_terminal_change() -> None:
    reopened = ("\td.closed = true\n", "\td.closed = false\n")
    assert codes_after(DESK, reopened) == []


def test_a_flag_in_a_disjunction_does_not_end_every_wait() -> None:
    either = ("len(d.tickets) == 0 && !d.closed", "len(d.tickets) == 0 || !d.closed")
    assert codes_after(DESK, either) == []


def test_a_wake_only_when_someone_waits_is_no_loss() -> None:
    counted = (
        "\t\t\td.cond.Wait()",
        "\t\t\td.waiting++\n\t\t\td.cond.Wait()\n\t\t\td.waiting--\n\t\t\t_ = 0 //",
    )
    field = ("\tserved  int\n", "\tserved  int\n\twaiting int\n")
    branch = ("\tif len(left) > 0 {\n", "\tif d.waiting > 0 {\n")
    assert codes_after(DESK, counted, field, branch) == []
    assert codes_after(DESK, counted, field) == ["GL029"]


HUB = "GL010/replaced_entry_stale_check.go"


def test_a_lookup_made_before_the_lock_was_let_go_guards_nothing() -> None:
    (found,) = findings_after(HUB)
    assert found.code == "GL010" and "without closing the old one's `quit`" in found.message


def test_a_borrower_that_keeps_the_region_may_stop_it() -> None:
    kept = ("\tr := h.regionFor(name)\n", "\tr := h.regionFor(name)\n\th.last = r\n")
    field = ("\tsent    int\n", "\tsent    int\n\tlast    *region\n")
    assert codes_after(HUB, kept, field) == []


def test_a_lookup_under_the_lock_held_to_the_store_guards_it() -> None:
    held = (
        "\th.mu.RLock()\n\tr, ok := h.regions[name]\n\th.mu.RUnlock()\n",
        "\th.mu.Lock()\n\tdefer h.mu.Unlock()\n\tr, ok := h.regions[name]\n",
    )
    relock = ("\th.mu.Lock()\n\tdefer h.mu.Unlock()\n\tr = &region", "\tr = &region")
    assert codes_after(HUB, held, relock) == []


RESIZER = "GL010/replaced_holder_closed_by_copy.go"


def test_a_pool_replaced_without_closing_its_queue_strands_its_workers() -> None:
    (found,) = findings_after(RESIZER)
    assert found.code == "GL010" and "without closing the old one's `tasks`" in found.message
    assert [f.title for f in found.fixes] == [
        "Stop the object this store replaces: `close(r.pool.tasks)` before overwriting `r.pool`"
    ]


def test_a_copy_handed_on_may_be_closed_elsewhere() -> None:
    handed = (
        "\tif prev.size == workers {\n",
        "\tr.retired = append(r.retired, prev)\n\tif prev.size == workers {\n",
    )
    field = ("\tdone int\n", "\tdone int\n\tretired []*pool\n")
    assert codes_after(RESIZER, handed, field) == []


def test_a_pool_closed_through_no_copy_of_the_field_is_not_judged() -> None:
    elsewhere = ("\tp := r.pool\n", "\tp := r.startPool(0)\n")
    assert codes_after(RESIZER, elsewhere) == []
