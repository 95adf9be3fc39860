"""Guards added in the thirty-eighth pass, each tied to the leak it lets through and
the near miss it keeps silent.

- BUFFER_SHORT_OF_THE_STREAM (liveness.py): a consumer leaving a stream early strands
  its producer past a buffer of a fixed size (a constant, a setting read from a field)
  the producer's loop count does not name; a buffer sized by a length, or by the very
  count the loop runs to, holds the rest.
- SLOT_TAKEN_BEFORE_START (liveness.py): a goroutine giving back a semaphore slot the
  root took, in the same round of its loop, before starting it, finds the value it is
  owed, even when the take is a select case beside a context.
- STATE_GUARD through `||` (stop_signals.py): `if term <= l.term || l.stopped { return }`
  leaves a stopping method because of the object's state, not a refusal.
- A wrapper of the end (pipes.py): a helper's statement that wraps something else
  (`io.Copy(pw, io.TeeReader(src, h))`) is a write of the pipe, where the writer is
  shown blocked; one that wraps the end itself (`json.NewEncoder(pw)`) is passed over.
- CLOSED_INLINE for a ranged queue (stop_signals.py): an object whose goroutine ranges
  over its own channel field, closed by the registry's walk over the map, is lost when
  a store replaces it.
- CLOSED_INLINE through a constructing method (stop_signals.constructed): a queue made
  and started by a method of the registry (`t.sinks[name] = t.startQueue(...)`) is lost
  in the same way.
- SIGNAL_BY_CLOSE, ENDS_ONLY_ON_SIGNAL, DECLARED_OUTSIDE and GOES_ROUND_OPEN
  (replaced_local_signals.py): a local stop channel made anew each time round a loop,
  while the one it replaces may still be open, strands the goroutine started with it.
- DONE_ALREADY (rules/gl012_lost_cancel.py): a return inside `case <-ctx.Done():` of the
  derived context itself leaves a context that has ended (audit 38: gleam).
- FOREIGN_CHANNEL_TYPE (liveness.py): a channel handed to a parameter declared with a
  named type of another package reaches code whose ranges over it are not seen as such
  (audit 38: lindb's test handing a channel to `handleMasterChange`).
- WRAPPER_OTHER_ARGUMENTS (liveness.py): a spawn wrapper handed another literal that
  reaches the channel may call it itself (audit 38: bfe's `testMockServer`).
- A `Done` in a deferred literal (fixes/statement_fixes.defer_done): the fix adding
  `defer wg.Done()` at the top is not offered where a deferred literal registered past
  the early return already counts out (audit 38: gleam; it counted out twice).
- DEFERRED_LITERAL_IS_A_DEFER (liveness.py): a `defer func() { f.wg.Done() }()`
  registered before the `Add` counts out as `defer f.wg.Done()` does (audit 38: lindb's
  `Flush`, whose joined paths had looked unbalanced).
- ONE_STARTING_SITE (rules/_leakreport.sender_count): no buffer of one loop's count is
  offered where a second `go` statement also feeds the channel (audit 38: bfe).
- NEVER_RELEASED (fixes/scope.py): a stop channel nothing closes or sends on is no way
  out for a fix's new `case` (audit 38: jupiter's `e.quit`).
- WAKING_SETTER, SAME_VALUE_BY_HAND and NO_WAKE_BESIDE (bypassed_setters.py): a state
  the package moves to through a setter that also does what a wait loop waits for and
  wakes it, set by hand elsewhere without either, leaves the waiters asleep.
"""

from __future__ import annotations

from .edited_fixtures import codes_after, findings_after

LINES = "GL006/stream_buffer_short_of_input.go"
MATCH = "GL006/stream_constant_buffer_left_early.go"
HOLDS = "GL006/fixed_stream_buffer_holds_input.go"
FETCH = "GL003/fixed_semaphore_taken_in_select.go"
LEADER = "GL009/fixed_cond_stop_guarded_by_its_flag.go"
FEED = "GL003/pipe_header_then_stream.go"
HUB = "GL010/replaced_queue_closed_inline.go"
RINGING = "GL029/state_set_by_hand.go"
STARTED = "GL010/replaced_queue_started_by_a_method.go"
UPLINK = "GL003/local_signal_replaced_in_loop.go"
ENDED = "GL012/fixed_return_after_its_done.go"
FOREIGN = "GL003/fixed_channel_through_foreign_type.go"
WRAPPER = "GL003/fixed_wrapper_calls_the_receiver.go"
FETCH_ALL = "GL015/early_return.go"
FLUSH = "GL015/fixed_done_in_a_deferred_literal.go"
FIRST = "GL004/first_wins.go"


def test_a_setting_sized_buffer_does_not_hold_a_scanned_stream() -> None:
    assert codes_after(LINES) == ["GL006"]


def test_a_buffer_sized_by_the_input_holds_the_stream() -> None:
    by_length = (
        "func Load(ctx context.Context, cfg Config, r io.Reader) ([]string, error) {\n"
        "\tlines := make(chan string, cfg.ReadAhead)",
        "func Load(ctx context.Context, cfg Config, r io.Reader) ([]string, error) {\n"
        "\tn := len(cfg.Lines)\n\tlines := make(chan string, n)",
    )
    field = ("\tReadAhead int\n", "\tReadAhead int\n\tLines []string\n")
    assert codes_after(LINES, by_length, field) == []


def test_a_constant_buffer_does_not_hold_a_ranged_slice() -> None:
    assert codes_after(MATCH) == ["GL006"]


def test_a_constant_buffer_still_strands_a_plain_unbuffered_twin() -> None:
    unbuffered = ("make(chan string, lookahead)", "make(chan string)")
    assert codes_after(MATCH, unbuffered) == ["GL006"]


def test_a_buffer_of_the_length_or_of_the_loop_count_holds_it() -> None:
    assert codes_after(HOLDS) == []


def test_a_buffer_of_another_count_than_the_loops_does_not_hold_it() -> None:
    other = ("sq := make(chan int, w.Size)", "sq := make(chan int, w.Room)")
    field = ("type Window struct{ Size int }", "type Window struct{ Size, Room int }")
    assert codes_after(HOLDS, other, field) == ["GL006"]


def test_a_slot_taken_in_a_select_before_the_start_is_given_back() -> None:
    assert codes_after(FETCH) == []


def test_a_slot_taken_after_the_start_is_no_slot_owed() -> None:
    # The take moved past the `go`: the goroutine may give back a slot not yet taken.
    moved = (
        "\t\tselect {\n\t\tcase sem <- struct{}{}:\n\t\tcase <-ctx.Done():\n"
        '\t\t\tstopped = fmt.Errorf("%d keys not fetched: %w", len(keys)-i, ctx.Err())\n'
        "\t\t}\n\t\tif stopped != nil {\n\t\t\tbreak\n\t\t}\n",
        "\t\tif ctx.Err() != nil {\n"
        '\t\t\tstopped = fmt.Errorf("%d keys not fetched: %w", len(keys)-i, ctx.Err())\n'
        "\t\t\tbreak\n\t\t}\n",
    )
    assert codes_after(FETCH, moved) == ["GL003"]


def test_a_stop_skipped_because_the_flag_is_already_set_is_no_skip() -> None:
    assert codes_after(LEADER) == []


def test_a_stop_skipped_on_a_refusal_alone_is_still_judged() -> None:
    refusal = ("if term <= l.term || l.stopped {", "if term <= 0 {")
    assert codes_after(LEADER, refusal) == ["GL009"]


def test_a_copy_through_a_wrapper_of_its_source_is_where_the_writer_blocks() -> None:
    (finding,) = findings_after(FEED)
    assert finding.code == "GL003"
    assert finding.location.span.start.row + 1 == 25  # the copy, not the header's wrapper


def test_a_plain_first_write_is_where_the_writer_blocks() -> None:
    plain = (
        'err := json.NewEncoder(pw).Encode(header{Format: "epub"})',
        '_, err := pw.Write([]byte("{}\\n"))',
    )
    (finding,) = findings_after(FEED, plain)
    assert finding.location.span.start.row + 1 == 23  # the header's own write


def test_a_queue_closed_by_the_registrys_walk_is_lost_when_replaced() -> None:
    assert codes_after(HUB) == ["GL010"]


def test_a_queue_closed_before_it_is_replaced_is_stopped() -> None:
    closed = (
        "\th.queues[platform] = q",
        "\tif old, ok := h.queues[platform]; ok {\n\t\tclose(old.in)\n\t}\n\th.queues[platform] = q",
    )
    assert codes_after(HUB, closed) == []


def test_a_queue_nobody_closes_is_no_replaced_entry() -> None:
    never = ("\tfor _, q := range h.queues {\n\t\tclose(q.in)\n\t}\n", "")
    assert "GL010" not in codes_after(HUB, never)


def test_a_state_set_by_hand_that_a_waking_setter_moves_to_leaves_the_waiters() -> None:
    assert codes_after(RINGING) == ["GL029"]


def test_a_state_the_setter_is_never_handed_is_left_alone() -> None:
    other = ("\tc.state = stateCancelled\n}", '\tc.state = "hung up"\n}')
    assert codes_after(RINGING, other) == []


def test_a_store_beside_a_wake_is_left_alone() -> None:
    woken = (
        "\tc.state = stateCancelled\n}",
        "\tc.state = stateCancelled\n\tc.cond.Broadcast()\n}",
    )
    assert codes_after(RINGING, woken) == []


def test_a_setter_that_changes_nothing_the_loop_reads_is_no_waking_setter() -> None:
    unread = ("\t\t\tl.abandoned = true\n", "\t\t\tc.hungUp++\n")
    field = ("\tstate string\n", "\tstate  string\n\thungUp int\n")
    assert codes_after(RINGING, unread, field) == []


def test_a_queue_a_method_makes_and_starts_is_lost_when_replaced() -> None:
    assert codes_after(STARTED) == ["GL010"]


def test_a_local_stop_made_anew_while_open_strands_its_goroutine() -> None:
    assert codes_after(UPLINK) == ["GL003"]


def test_a_local_stop_made_only_when_none_is_open_strands_nothing() -> None:
    guarded = ("\t\tif up {\n\t\t\tstop = make", "\t\tif up && stop == nil {\n\t\t\tstop = make")
    assert codes_after(UPLINK, guarded) == []


def test_a_local_stop_closed_before_it_is_made_anew_strands_nothing() -> None:
    closed = (
        "\t\tif up {\n\t\t\tstop = make",
        "\t\tif up {\n\t\t\tif stop != nil {\n\t\t\t\tclose(stop)\n\t\t\t}\n\t\t\tstop = make",
    )
    assert codes_after(UPLINK, closed) == []


def test_a_local_declared_in_the_round_is_no_replaced_signal() -> None:
    inside = (
        "\tfor up := range events {\n\t\tif up {\n\t\t\tstop = make(chan struct{})",
        "\tfor up := range events {\n\t\tif up {\n\t\t\tstop := make(chan struct{})",
    )
    assert "GL003" not in [
        f.code for f in findings_after(UPLINK, inside) if "replaces `stop`" in f.message
    ]


def test_a_goroutine_with_another_way_out_is_not_stranded() -> None:
    other = ("\t\tcase <-retry:\n", "\t\tcase <-retry:\n\t\t\treturn\n")
    assert codes_after(UPLINK, other) == []


def test_a_return_once_the_context_itself_is_done_owes_no_cancel() -> None:
    assert codes_after(ENDED) == []


def test_a_return_on_another_case_still_owes_the_cancel() -> None:
    other = ("\tcase <-ctx.Done():\n", "\tcase <-parent.Done():\n")
    assert codes_after(ENDED, other) == ["GL012"]


def test_a_channel_handed_as_a_foreign_type_reaches_unknown_code() -> None:
    assert codes_after(FOREIGN) == []


def test_a_channel_handed_as_a_channel_type_is_followed() -> None:
    plain = ("events watch.EventChan", "events <-chan *watch.Event")
    assert codes_after(FOREIGN, plain) == []
    dropped = ("\tf.follow(ch)\n", "")
    assert codes_after(FOREIGN, dropped) == ["GL003"]


def test_a_wrapper_handed_the_receiving_literal_may_call_it() -> None:
    assert codes_after(WRAPPER) == []


def test_a_wrapper_handed_a_literal_that_does_not_receive_is_no_cover() -> None:
    elsewhere = ("\t}, func() {\n\t\tgot = <-done\n\t})", "\t}, func() {\n\t\tgot = 2\n\t})")
    assert codes_after(WRAPPER, elsewhere) == ["GL003"]


def test_the_top_defer_fix_is_offered_where_done_is_called_plainly() -> None:
    (finding,) = findings_after(FETCH_ALL)
    assert [f.title for f in finding.fixes] == [
        "Call `wg.Done()` in a `defer` at the top of the goroutine"
    ]


def test_no_top_defer_fix_where_a_deferred_literal_already_counts_out() -> None:
    deferred = (
        "\t\t\tmu.Lock()\n\t\t\ttotal += n\n\t\t\tmu.Unlock()\n\t\t\twg.Done()\n",
        "\t\t\tdefer func() {\n\t\t\t\tmu.Unlock()\n\t\t\t\twg.Done()\n\t\t\t}()\n"
        "\t\t\tmu.Lock()\n\t\t\ttotal += n\n",
    )
    (finding,) = findings_after(FETCH_ALL, deferred)
    assert finding.code == "GL015"
    assert not any("at the top of the goroutine" in f.title for f in finding.fixes)


def test_a_done_in_a_deferred_literal_counts_out_like_a_plain_defer() -> None:
    assert codes_after(FLUSH) == []
    plain = (
        "\t\tdefer func() {\n\t\t\tf.flushCond.Done()\n\t\t\tf.flushing.Store(false)\n\t\t}()\n",
        "\t\tdefer f.flushCond.Done()\n",
    )
    assert codes_after(FLUSH, plain) == []


def test_a_buffer_of_the_loops_count_is_offered_for_one_loop_of_senders() -> None:
    (finding,) = findings_after(FIRST)
    assert [f.title for f in finding.fixes] != []


def test_no_buffer_of_one_loops_count_where_another_loop_sends_too() -> None:
    second = (
        "\treturn <-ch\n",
        "\tfor _, r := range replicas {\n\t\tgo func(r string) {\n\t\t\tch <- r\n"
        "\t\t}(r)\n\t}\n\treturn <-ch\n",
    )
    findings = findings_after(FIRST, second)
    assert findings and all(f.code == "GL004" for f in findings)
    assert all(not f.fixes for f in findings)


def test_a_stop_field_nothing_closes_is_no_way_out_for_a_fix() -> None:
    from goleash.fixes.scope import ever_released

    assert ever_released(b"func (e *E) Stop() { close(e.quit) }", "quit", through_field=True)
    assert ever_released(b"e.quit <- struct{}{}", "quit", through_field=True)
    assert not ever_released(b"case <-e.quit:\n\treturn", "quit", through_field=True)
    assert ever_released(b"done := make(chan bool)\nclose(done)", "done")
    assert not ever_released(b"done := make(chan bool)\n<-done", "done")
