"""Guards of the thirty-third pass, each broken by an edit of its near-miss fixture:

- MAY_HOLD_ONE (replaced_holders.py): a field store replaces an object only when the
  field holds one: a loop that goes round after the store, or a method on a receiver
  whose field another function fills; a store under a test of the field, or a retry
  loop that stores and leaves, replaces nothing.
- NOT_STOPPED_HERE (replaced_holders.py): the old object stopped first, or handed on
  (`c.retired = append(c.retired, c.sess)`), is not lost.
- STOPPED_THROUGH_THE_FIELD (replaced_holders.py): only a package that stops the
  object through the field loses the one it overwrites.
- NUDGE_CASE (stop_signals.py): a wake-up channel sent on only without waiting makes
  a loop a poller; one send that waits makes it a message channel instead.
"""

from __future__ import annotations

from .edited_fixtures import codes_after


def test_a_retry_loop_that_stores_and_leaves_replaces_nothing() -> None:
    assert codes_after("GL010/fixed_replaced_holder_retry.go") == []
    round_again = (
        "\t\tc.sess = newSession(c.every)\n\t\treturn nil\n",
        "\t\tc.sess = newSession(c.every)\n",
    )
    assert codes_after("GL010/fixed_replaced_holder_retry.go", round_again) == ["GL010"]


def test_a_store_under_a_test_of_the_field_replaces_nothing() -> None:
    assert codes_after("GL010/fixed_replaced_holder_when_empty.go") == []
    untested = (
        "\tif c.sess == nil {\n\t\tc.sess = newSession(c.addr, c.every)\n\t}\n",
        "\tc.sess = newSession(c.addr, c.every)\n",
    )
    assert codes_after("GL010/fixed_replaced_holder_when_empty.go", untested) == ["GL010"]


def test_a_field_no_other_function_fills_holds_nothing_yet() -> None:
    unfilled = ("\tc.sess = newSession(addr, every)\n\treturn c\n", "\treturn c\n")
    assert codes_after("GL010/replaced_holder.go", unfilled) == []


def test_the_old_object_handed_on_is_not_lost() -> None:
    assert codes_after("GL010/fixed_replaced_holder_retired.go") == []
    dropped = ("\tc.retired = append(c.retired, c.sess)\n", "")
    assert codes_after("GL010/fixed_replaced_holder_retired.go", dropped) == ["GL010"]


def test_only_a_package_that_stops_through_the_field_loses_the_old_one() -> None:
    assert codes_after("GL010/replaced_holder.go") == ["GL010"]
    elsewhere = ("\tc.sess.close()\n}", "\ts := c.sess\n\ts.close()\n}")
    assert codes_after("GL010/replaced_holder.go", elsewhere) == []


def test_a_kick_that_waits_is_no_nudge() -> None:
    assert codes_after("GL010/nudged_poller.go") == ["GL010"]
    waits = (
        "\tselect {\n\tcase t.kick <- struct{}{}:\n\tdefault:\n\t}\n",
        "\tt.kick <- struct{}{}\n",
    )
    assert "GL010" not in codes_after("GL010/nudged_poller.go", waits)


def test_a_leaving_test_guards_a_store_only_when_presence_alone_makes_it_leave() -> None:
    assert codes_after("GL010/fixed_replaced_entry_presence_alone.go") == []
    conjunction = ("ok || every <= 0", "ok && every <= 0")
    assert codes_after("GL010/fixed_replaced_entry_presence_alone.go", conjunction) == ["GL010"]


def test_a_message_channel_or_a_receive_with_default_is_no_gate() -> None:
    assert codes_after("GL003/fixed_subscriber_queue_not_a_gate.go") == []
    # Without the sends (the push only drains), the field is a gate again, but the
    # draining receive has a `default`: it waits for nothing.
    no_send = ("\tw.latest <- p\n}", "}")
    assert codes_after("GL003/fixed_subscriber_queue_not_a_gate.go", no_send) == []
    waiting = ("\tselect {\n\tcase <-w.latest:\n\tdefault:\n\t}\n", "\t<-w.latest\n")
    assert codes_after("GL003/fixed_subscriber_queue_not_a_gate.go", no_send, waiting) == ["GL003"]


def test_a_literal_worker_kept_elsewhere_too_may_be_closed_by_its_other_owner() -> None:
    assert codes_after("GL008/fixed_literal_worker_handed_on.go") == []
    kept_once = ("\tb.retired = append(b.retired, l)\n", "")
    assert codes_after("GL008/fixed_literal_worker_handed_on.go", kept_once) == ["GL008"]


def test_only_a_looped_plain_send_beside_a_guarded_one_is_judged() -> None:
    assert codes_after("GL007/fixed_greeting_then_guarded.go") == []
    looped = (
        "\tm.out <- greeting(history) // the reader takes the greeting before it may leave\n",
        "\tfor range history {\n\t\tm.out <- greeting(history)\n\t}\n",
    )
    assert codes_after("GL007/fixed_greeting_then_guarded.go", looped) == ["GL007"]
    buffered = ("out: make(chan string)", "out: make(chan string, 64)")
    assert codes_after("GL007/replay_ignores_stop.go", buffered) == []


def test_a_failure_checked_after_a_success_step_still_leaves_the_pipe_unread() -> None:
    assert codes_after("GL003/returned_pipe_assigned.go") == ["GL003"]
    # CHECKED_LATER (34th pass): a step with an `else` of its own keeps the failure too.
    with_an_else = (
        "\tif err == nil {\n\t\terr = b.record(name, n)\n\t}\n",
        "\tif err == nil {\n\t\terr = b.record(name, n)\n\t} else {\n\t\tn = 0\n\t}\n",
    )
    assert codes_after("GL003/returned_pipe_assigned.go", with_an_else) == ["GL003"]
    # An error reset on the way is no failure checked any more.
    reset = (
        "\tif err == nil {\n\t\terr = b.record(name, n)\n\t}\n",
        "\tif err == nil {\n\t\terr = b.record(name, n)\n\t}\n\terr = nil\n",
    )
    assert codes_after("GL003/returned_pipe_assigned.go", reset) == []


def test_a_store_its_callers_make_only_when_empty_replaces_nothing() -> None:
    fixture = "GL010/fixed_replaced_holder_connect_on_demand.go"
    assert codes_after(fixture) == []
    unguarded = (
        "\tif c.sess == nil {\n\t\tif err := c.connect(); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n",
        "\tif err := c.connect(); err != nil {\n\t\treturn err\n\t}\n",
    )
    # Unguarded, the store still holds nothing: only another type fills a `sess` field.
    assert codes_after(fixture, unguarded) == []
    filled = ("\tc.sent++\n", "\tc.sess = newSession(c.every)\n\tc.sent++\n")
    assert "GL010" in codes_after(fixture, unguarded, filled)


def test_a_signal_wait_is_judged_only_while_nothing_else_can_end_it() -> None:
    assert codes_after("GL003/fixed_signal_wait_closed.go") == []
    unclosed = ("\tdefer func() {\n\t\tsignal.Stop(sigs)\n\t\tclose(sigs)\n\t}()\n", "")
    assert codes_after("GL003/fixed_signal_wait_closed.go", unclosed) == ["GL003"]


def test_a_process_wide_signal_handler_is_left_alone() -> None:
    assert codes_after("GL003/fixed_signal_handler_for_the_process.go") == []
    cancelled_on_return = (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tsigs :=",
        "\tctx, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n\tsigs :=",
    )
    found = codes_after("GL003/fixed_signal_handler_for_the_process.go", cancelled_on_return)
    assert "GL003" in found


def test_a_reply_list_answered_without_waiting_strands_nobody() -> None:
    assert codes_after("GL001/fixed_reply_list_answered_nonblocking.go") == []
    waits = (
        "\t\t\tselect {\n\t\t\tcase ch <- v:\n\t\t\tdefault: // its caller gave up\n\t\t\t}\n",
        "\t\t\tch <- v\n",
    )
    assert codes_after("GL001/fixed_reply_list_answered_nonblocking.go", waits) == ["GL001"]


def test_an_entry_started_beside_its_store_is_judged_only_when_the_package_stops_entries() -> None:
    fixture = "GL010/replaced_entry_started_beside.go"
    assert codes_after(fixture) == ["GL010"]
    unwalked = ("\tfor _, p := range peers {\n\t\tp.stop()\n\t}\n", "\t_ = peers\n")
    assert codes_after(fixture, unwalked) == []
    # MAP_ALIAS: the walk over the field itself counts the same.
    direct = ("\tfor _, p := range peers {", "\tfor _, p := range h.peers {")
    assert codes_after(fixture, direct) == ["GL010"]


def test_a_ranged_queue_is_judged_only_when_its_closer_skips_the_close() -> None:
    assert codes_after("GL009/fixed_queue_close_skipped.go") == []
    assert codes_after("GL009/queue_close_skipped.go") == ["GL009"]
    # STATE_GUARD: a return under a method call asking about the object is trusted.
    asked = ("if werr := f.write(line); werr != nil {", "if f.write(line) != nil {")
    assert codes_after("GL009/queue_close_skipped.go", asked) == []


def test_a_writer_lent_to_a_call_stays_the_function_s_to_close_only_if_it_closes_it() -> None:
    assert codes_after("GL003/fixed_pipe_lent_to_a_runner.go") == []
    assert codes_after("GL003/pipe_lent_to_a_runner.go") == ["GL003"]
    # Never closed by the function itself: the call it is lent to may own it.
    never_closed = ("\tpw.Close()\n", "")
    assert codes_after("GL003/pipe_lent_to_a_runner.go", never_closed) == []


def test_a_writer_kept_in_a_value_the_function_returns_is_handed_over() -> None:
    fixture = "GL003/fixed_pipe_handed_over_in_a_value.go"
    assert codes_after(fixture) == []
    not_kept = ("s := &sealer{pw: pw, done: done}", "s := &sealer{done: done}")
    assert codes_after(fixture, not_kept) == ["GL003"]
