"""Guards added in the thirty-seventh pass, each tied to the leak it lets through and
the near miss it keeps silent.

- STOPS_ONLY_WHILE_REGISTERED (replaced_entries.py): a replaced entry also handed to
  another holder is still lost when every method of that holder which stops it first
  returns, without the stop, once its value is no longer the map's entry.
- KEPT_CANCEL_STOPPABLE (stop_signals.py): a goroutine ended only by `<-x.ctx.Done()`,
  its cancel kept beside in a field that a method calls, is an object that method stops.
- STOPPED_THROUGH_A_HELPER (replaced_entries.py): a walk that hands each entry to a
  helper stopping its parameter stops the entries; so does a storing function that
  hands the old entry to such a helper.
- WRAPPED_INLINE and HANDED_ON_AFTER_ITS_READ (pipes.py): a reader wrapped inside the
  call that reads it is read there; handed on once that read succeeded, it leaves the
  failed read's way out to judge, and the fix closes it there, not on every way out.
- SKIPPED_WAKE (stop_signals.py): a stopping method that sets a condition's stop flag
  and wakes the sleepers only past an error return leaves its goroutine asleep.
- SAYS_WAIT_ONCE_SET (cond_wakeups.py): a wait loop on `!x.helper()`, a helper that
  answers false whenever the stop flag is set, sleeps for good after the stop's
  broadcast.
- COUNTED_BY_A_HELPER and RELEASED_ON_ITS_SUCCESS (refused_counts.py): a method that
  counts in through a helper's nil error and counts out itself on some way out must
  count out on its refusals too.
- HELD_IN_A_LOCAL (refused_counts.py): a count taken through a local holder of the
  group's type (`f := w.cur; f.pending.Add(1)`) and refused without `Done`, when one
  struct of the package declares a group field of that name.
- CONSUMED_BY_ITS_WORKERS and ABORTS_THE_JOB (liveness.py): a root that hands its
  channel to the workers it waits for is its consumer for CALLER_CONTEXT_ONLY; workers
  started in a loop that each quit on a failure they hand to the root all quit when
  every item fails, leaving the producer on the caller's context.
- STOPPED_THROUGH_A_PART (cond_stops.py): a goroutine looping on `v, ok :=
  p.in.next()` until `!ok`, its part sleeping on a condition until a flag of its own is
  set, is stopped by the part's method that sets it and wakes it.
- CLOSED_BESIDE_ITS_FLAG (closed_flags.py): a method returning early on a bool field
  the package sets only beside the channel's close returns after that close.
"""

from __future__ import annotations

from .edited_fixtures import codes_after

HOLDER = "GL010/replaced_entry_holder_lets_go.go"
PROBES = "GL010/replaced_entry_stopped_by_cancel.go"
RELAY = "GL010/replaced_entry_stopped_through_helper.go"
VIEWERS = "GL008/fixed_range_flag_set_beside_close.go"
MIRROR = "GL003/pipe_reader_handed_on_after_read.go"
SPOOL = "GL009/cond_stop_skipped_on_error.go"
WARMER = "GL029/stop_answered_by_helper.go"
GATE = "GL015/counted_in_by_helper_refused.go"
SPILL = "GL015/refused_through_a_local_holder.go"
PREFETCH = "GL006/caller_context_workers_abort.go"
PRINTERS = "GL010/replaced_entry_stopped_through_a_part.go"


def test_a_holder_that_gives_up_a_replaced_entry_leaves_it_running() -> None:
    assert codes_after(HOLDER) == ["GL010"]


def test_a_holder_that_stops_a_replaced_entry_too_keeps_it_stopped() -> None:
    shut = (
        "\t\ta.reg.mu.Unlock()\n\t\treturn\n",
        "\t\ta.reg.mu.Unlock()\n\t\ta.link.shut()\n\t\treturn\n",
    )
    assert codes_after(HOLDER, shut) == []


def test_a_holder_with_another_stopping_method_may_stop_it() -> None:
    other = (
        "// Close shuts every current link.",
        "// Drop shuts the link however it stands.\nfunc (a *Attachment) Drop() {\n"
        "\ta.link.shut()\n}\n\n// Close shuts every current link.",
    )
    assert codes_after(HOLDER, other) == []


def test_a_holder_leaving_on_another_test_does_not_count() -> None:
    other_test = ("if a.reg.links[a.link.edge] != a.link {", "if a.reg == nil {")
    assert codes_after(HOLDER, other_test) == []


def test_a_probe_stopped_by_its_kept_cancel_is_a_stoppable_entry() -> None:
    assert codes_after(PROBES) == ["GL010"]


def test_a_context_derived_from_the_callers_is_no_kept_cancel_stop() -> None:
    derived = (
        "func newProbe(every time.Duration) *probe {\n\tctx, cancel := context.WithCancel(context.Background())",
        "func newProbe(parent context.Context, every time.Duration) *probe {\n\tctx, cancel := context.WithCancel(parent)",
    )
    call = ("p := newProbe(every)", "p := newProbe(context.TODO(), every)")
    assert codes_after(PROBES, derived, call) == []


def test_a_probe_whose_cancel_no_method_calls_is_no_stoppable_entry() -> None:
    uncancelled = ("func (p *probe) stop() {\n\tp.cancel()\n", "func (p *probe) stop() {\n")
    # The kept cancel nobody calls is GL009's; no replaced entry is reported.
    assert codes_after(PROBES, uncancelled) == ["GL009"]


def test_a_walk_stopping_through_a_helper_stops_the_entries() -> None:
    assert codes_after(RELAY) == ["GL010"]


def test_a_helper_that_does_not_stop_its_parameter_is_no_stopping_walk() -> None:
    forgets = ("\tdelete(h.clients, c.name)\n\tc.close()\n", "\tdelete(h.clients, c.name)\n")
    assert codes_after(RELAY, forgets) == []


def test_the_old_entry_handed_to_the_stopping_helper_is_stopped() -> None:
    dropped = (
        "\th.clients[name] = c",
        "\tif old, ok := h.clients[name]; ok {\n\t\th.dropLocked(old)\n\t}\n\th.clients[name] = c",
    )
    assert codes_after(RELAY, dropped) == []


def test_a_return_on_the_flag_set_beside_the_close_strands_no_range() -> None:
    assert codes_after(VIEWERS) == []


def test_a_flag_also_set_without_the_close_guards_nothing() -> None:
    paused = (
        "func (v *viewer) write(",
        "func (v *viewer) pause() { v.closed = true }\n\nfunc (v *viewer) write(",
    )
    assert codes_after(VIEWERS, paused) == ["GL008"]


def test_a_reader_handed_on_after_a_failed_read_leaves_the_writer_blocked() -> None:
    assert codes_after(MIRROR) == ["GL003"]


def test_a_reader_handed_on_before_the_read_is_out_of_sight() -> None:
    early = (
        "\tresp, err := http.ReadResponse(bufio.NewReader(pr), nil)",
        "\tkeep(pr)\n\tresp, err := http.ReadResponse(bufio.NewReader(pr), nil)",
    )
    keeper = (
        "// Close stops the stream.",
        "func keep(c io.Closer) { _ = c }\n\n// Close stops the stream.",
    )
    assert codes_after(MIRROR, early, keeper) == []


def test_a_failed_read_that_goes_on_is_no_way_out() -> None:
    goes_on = (
        '\t\treturn nil, fmt.Errorf("mirror: %w", err)\n\t}',
        "\t\tresp = &http.Response{Status: err.Error()}\n\t}",
    )
    assert codes_after(MIRROR, goes_on) == []


def test_a_stop_flag_skipped_by_an_error_return_leaves_the_sleeper() -> None:
    assert codes_after(SPOOL) == ["GL009"]


def test_a_return_on_the_flag_already_set_skips_nothing() -> None:
    again = (
        "func (s *Spool) Close() error {\n\ts.mu.Lock()\n",
        "func (s *Spool) Close() error {\n\ts.mu.Lock()\n\tif s.closing {\n\t\ts.mu.Unlock()\n"
        "\t\treturn nil\n\t}\n",
    )
    failing = ("\tif err := s.sink.Write(rest); err != nil {\n\t\treturn err\n\t}\n", "")
    assert codes_after(SPOOL, again, failing) == []


def test_a_restart_in_another_method_does_not_excuse_the_skip() -> None:
    restart = (
        "// Add queues one record.",
        "// Reopen lets the spool run again.\nfunc (s *Spool) Reopen() {\n\ts.mu.Lock()\n"
        "\ts.closing = false\n\ts.mu.Unlock()\n}\n\n// Add queues one record.",
    )
    assert codes_after(SPOOL, restart) == ["GL009"]


def test_a_helper_saying_wait_once_stopped_leaves_the_waiter_asleep() -> None:
    assert codes_after(WARMER) == ["GL029"]


def test_a_helper_answering_on_other_fields_first_is_left_to_the_test_after_the_loop() -> None:
    # Not SAYS_WAIT_ONCE_SET: the helper no longer answers on the flag. But `if
    # w.stopped { return }` right after the loop says the stop is to end this wait, and
    # a full warmer woken by Stop goes back to sleep (TESTED_RIGHT_AFTER).
    reordered = (
        "\tif w.stopped || w.want <= 0 {\n\t\treturn false\n\t}\n",
        "\tif w.want <= 0 {\n\t\treturn false\n\t}\n",
    )
    assert codes_after(WARMER, reordered) == ["GL029"]
    no_test_after = ("\t\tif w.stopped {\n\t\t\treturn\n\t\t}\n", "")
    # NO_WAITER_HEEDS: with neither the helper nor the code after the loop reading
    # `w.stopped`, Stop's wake-up can only have been meant to end the wait
    assert codes_after(WARMER, reordered, no_test_after) == ["GL029"]
    resumed = (
        "// Take hands out",
        "// Resume lets the warmer fill again.\nfunc (w *Warmer) Resume() {\n\tw.mu.Lock()\n"
        "\tw.stopped = false\n\tw.wake.Broadcast()\n\tw.mu.Unlock()\n}\n\n// Take hands out",
    )
    assert codes_after(WARMER, reordered, no_test_after, resumed) == []


def test_a_flag_the_package_clears_again_may_end_the_wait() -> None:
    restart = (
        "// Take hands out",
        "// Resume lets the warmer fill again.\nfunc (w *Warmer) Resume() {\n\tw.mu.Lock()\n"
        "\tw.stopped = false\n\tw.wake.Broadcast()\n\tw.mu.Unlock()\n}\n\n// Take hands out",
    )
    assert "GL029" not in codes_after(WARMER, restart)


def test_a_refusal_after_a_helper_counted_in_is_reported() -> None:
    assert codes_after(GATE) == ["GL015"]


def test_a_method_that_never_counts_out_itself_leaves_it_to_its_caller() -> None:
    no_done = ("\tdefer g.active.Done()\n", "")
    assert codes_after(GATE, no_done) == []


def test_a_helper_that_counts_in_on_failure_too_is_not_a_success_count() -> None:
    always = (
        "\tif g.draining {\n\t\treturn ErrDraining\n\t}\n\tg.active.Add(1)\n",
        "\tg.active.Add(1)\n\tif g.draining {\n\t\treturn ErrDraining\n\t}\n",
    )
    assert "GL015" not in codes_after(GATE, always)


def test_a_refusal_counted_through_a_local_holder_is_reported() -> None:
    assert codes_after(SPILL) == ["GL015"]


def test_a_second_struct_with_a_group_of_that_name_leaves_it_unjudged() -> None:
    other = (
        "type flushReq struct {",
        "type batch struct {\n\tpending sync.WaitGroup\n}\n\ntype flushReq struct {",
    )
    assert codes_after(SPILL, other) == []


def test_workers_aborting_on_a_failure_strand_the_producer_on_the_callers_context() -> None:
    assert codes_after(PREFETCH) == ["GL006"]


def test_workers_quitting_without_handing_on_the_failure_are_not_an_abort() -> None:
    silent = (
        '\t\t\t\t\tmu.Lock()\n\t\t\t\t\tfailed = fmt.Errorf("prefetch %s: %w", k, err)\n'
        "\t\t\t\t\tmu.Unlock()\n",
        '\t\t\t\t\t_ = fmt.Errorf("prefetch %s: %w", k, err)\n',
    )
    assert codes_after(PREFETCH, silent) == []


def test_workers_going_on_past_a_failure_keep_consuming() -> None:
    going_on = ("\t\t\t\t\tmu.Unlock()\n\t\t\t\t\treturn\n", "\t\t\t\t\tmu.Unlock()\n")
    assert codes_after(PREFETCH, going_on) == []


def test_a_root_that_derives_and_cancels_its_context_releases_the_producer() -> None:
    derived = (
        "\ttodo := make(chan string)\n",
        "\tctx, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n\ttodo := make(chan string)\n",
    )
    assert codes_after(PREFETCH, derived) == []


def test_an_entry_stopped_through_its_part_is_a_stoppable_entry() -> None:
    assert codes_after(PRINTERS) == ["GL010"]


def test_a_loop_with_another_way_out_is_not_the_parts_to_stop() -> None:
    other_exit = (
        "\t\t_ = page\n",
        '\t\tif page == "" {\n\t\t\treturn\n\t\t}\n',
    )
    assert codes_after(PRINTERS, other_exit) == []


def test_a_part_whose_flag_nobody_sets_and_wakes_stops_nothing() -> None:
    unwoken = ("\tt.mu.Unlock()\n\tt.cond.Broadcast()\n}", "\tt.mu.Unlock()\n}")
    assert "GL010" not in codes_after(PRINTERS, unwoken)
