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
