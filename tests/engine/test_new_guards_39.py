"""Guards added in the thirty-ninth pass, each tied to the leak it lets through and
the near miss it keeps silent.

- GOROUTINE_METHOD and BODY_TESTS (stopped_wakers.py): the only goroutine waking a
  condition may be a method of the type (`go b.refresh()`) that broadcasts itself, and
  the wait loop may be a `for {` whose body tests what it waits for; a stop that ends
  that goroutine without waking the waiters strands them.
- WOKEN_NOWHERE_ELSE (stopped_wakers.py): a `Broadcast` from a function that is not one
  of the waking methods may still come.
- A waker the package never calls (stopped_wakers.py) is there for the callers to call.
- SKIPPED_PART_STOP (stop_signals.py) and SLEEPS_IN_A_PART (cond_stops.part_waits): a
  goroutine of a type sleeps inside a method of a part it holds until the part's flag
  is set; the type's `Stop` calls the part's setter on one path and returns first on
  another (blind dev p362).
"""

from __future__ import annotations

from goleash.engine import analyze
from goleash.source import SourceFile

from .edited_fixtures import TESTDATA, codes_after, findings_after

BUDGET = "GL029/waker_method_goroutine_stopped.go"


def test_a_stop_ending_the_broadcasting_method_strands_the_spenders() -> None:
    assert codes_after(BUDGET) == ["GL029"]


def test_the_fix_broadcasts_after_the_stop_since_the_loop_tests_its_context() -> None:
    (found,) = findings_after(BUDGET)
    assert [f.title for f in found.fixes] == [
        "Wake the waiters when stopping: `b.cond.Broadcast()` after the stop"
    ]


def test_a_loop_that_tests_no_context_gets_no_broadcast_only_fix() -> None:
    no_context = (
        "\t\tif err := ctx.Err(); err != nil {\n\t\t\treturn err\n\t\t}\n",
        "\t\t_ = ctx\n",
    )
    (found,) = findings_after(BUDGET, no_context)
    assert found.code == "GL029"
    assert found.fixes == ()


def test_a_stop_that_wakes_the_spenders_is_silent() -> None:
    woken = (
        "\tb.once.Do(func() { close(b.done) })\n",
        "\tb.once.Do(func() { close(b.done) })\n\tb.cond.Broadcast()\n",
    )
    assert codes_after(BUDGET, woken) == []


def test_a_refill_the_callers_may_call_keeps_the_spenders_wakeable() -> None:
    refill = (
        "// Stop ends the refresher.",
        "// Refill restores the credits now.\nfunc (b *Budget) Refill() {\n\tb.mu.Lock()\n"
        "\tb.credits = b.limit\n\tb.cond.Broadcast()\n\tb.mu.Unlock()\n}\n\n"
        "// Stop ends the refresher.",
    )
    assert codes_after(BUDGET, refill) == []


def test_a_broadcast_from_a_plain_function_keeps_the_spenders_wakeable() -> None:
    nudge = (
        "// Stop ends the refresher.",
        "func nudge(b *Budget) { b.cond.Broadcast() }\n\n// Stop ends the refresher.",
    )
    assert codes_after(BUDGET, nudge) == []


def test_a_helper_only_the_refresher_calls_is_still_its_waking() -> None:
    helper = (
        "\t\t\tb.mu.Lock()\n\t\t\tb.credits = b.limit\n\t\t\tb.cond.Broadcast()\n"
        "\t\t\tb.mu.Unlock()\n",
        "\t\t\tb.restore()\n",
    )
    restore = (
        "// Spend takes n credits",
        "func (b *Budget) restore() {\n\tb.mu.Lock()\n\tb.credits = b.limit\n"
        "\tb.cond.Broadcast()\n\tb.mu.Unlock()\n}\n\n// Spend takes n credits",
    )
    assert codes_after(BUDGET, helper, restore) == ["GL029"]


def test_a_refresher_started_twice_is_not_one_goroutine() -> None:
    twice = ("\tgo b.refresh()\n", "\tgo b.refresh()\n\tgo b.refresh()\n")
    assert codes_after(BUDGET, twice) == []


# SKIPPED_PART_STOP (stop_signals.py, cond_stops.part_waits): a goroutine sleeping in a
# part's method until the part's flag is set, whose owner's `Stop` returns first.
CRAWL = TESTDATA / "GL009" / "part_stop_skipped"


def _crawl_codes(*edits: tuple[str, str]) -> list[str]:
    """Codes reported on `fetcher.go`, with `frontier.go` beside it, after the edits
    (each applied to whichever file holds its text)."""
    texts = {p.name: p.read_text() for p in sorted(CRAWL.glob("*.go"))}
    for old, new in edits:
        holders = [name for name, text in texts.items() if old in text]
        assert len(holders) == 1, old
        texts[holders[0]] = texts[holders[0]].replace(old, new)
    siblings = [
        SourceFile(name, text.encode()) for name, text in texts.items() if name != "fetcher.go"
    ]
    report = analyze(SourceFile("fetcher.go", texts["fetcher.go"].encode()), siblings)
    return [f.code for f in report.findings]


def test_a_stop_returning_before_the_part_is_closed_strands_the_workers() -> None:
    assert _crawl_codes() == ["GL009"]


def test_a_stop_that_defers_the_part_close_is_silent() -> None:
    deferred = (
        "func (f *Fetcher) Stop() error {\n",
        "func (f *Fetcher) Stop() error {\n\tdefer f.frontier.Close()\n",
    )
    assert _crawl_codes(deferred) == []


def test_a_return_on_the_objects_own_state_is_silent() -> None:
    state = (
        "\t\tif err := c.Close(); err != nil {",
        "\t\tif f.frontier == nil {",
    )
    assert _crawl_codes(state) == []


def test_a_part_whose_wait_does_not_heed_its_flag_is_not_this_stop() -> None:
    unheeded = ('\t\tif q.closed {\n\t\t\treturn "", errFrontierClosed\n\t\t}\n', "")
    assert _crawl_codes(unheeded) == []


def test_a_flag_set_without_a_wake_is_no_setter_to_skip() -> None:
    unwoken = (
        "\tq.closed = true\n\tq.mu.Unlock()\n\tq.cond.Broadcast()\n",
        "\tq.closed = true\n\tq.mu.Unlock()\n",
    )
    assert "GL009" not in _crawl_codes(unwoken)


# PER_CALL_WAITER (cond_wakeups.py): an exported method starting a waiter on its own
# receiver starts one per call, so a single `Signal` from the stop wakes one of them.
SPOOLER = "GL029/signal_per_call_waiter.go"


def test_a_waiter_started_per_call_is_one_of_several() -> None:
    assert codes_after(SPOOLER) == ["GL029"]


def test_a_waiter_started_by_a_lifecycle_method_is_one() -> None:
    start = (
        "func (s *Spooler) Submit(job string) error {",
        "func (s *Spooler) Start(job string) error {",
    )
    assert codes_after(SPOOLER, start) == []


def test_a_waiter_started_by_an_unexported_method_is_not_counted_per_call() -> None:
    private = (
        "func (s *Spooler) Submit(job string) error {",
        "func (s *Spooler) submit(job string) error {",
    )
    assert codes_after(SPOOLER, private) == []


def test_a_waiter_started_on_another_object_is_not_counted_per_call() -> None:
    other = ("\t\tgo s.hold(job)\n", "\t\tgo NewSpooler(0).hold(job)\n")
    assert codes_after(SPOOLER, other) == []


# PARAM_CLOSER and SERVED_STATE (stop_signals.py): a function closing the stop field of
# a parameter holding the object is a stopping method; a state test on a state the
# goroutine works in is no sign that the goroutine is gone.
LINKS = "GL009/param_closer_state_served.go"


def test_a_remove_returning_on_a_state_the_watcher_serves_strands_it() -> None:
    assert codes_after(LINKS) == ["GL009"]


def test_the_fix_closes_before_the_return_since_the_remover_waits_after_its_close() -> None:
    (found,) = findings_after(LINKS)
    assert [f.title for f in found.fixes] == [
        "Call `close(l.stop)` before the `return` at line 81, so the goroutine waiting on it "
        "ends on this path too"
    ]


def test_a_state_the_watcher_only_leaves_in_keeps_the_guard() -> None:
    leaves = (
        "\tcase linkDown:\n\t\tif err := p.dial(l.addr); err == nil {\n\t\t\tl.state = linkUp\n\t\t}\n",
        "\tcase linkDown:\n\t\treturn\n",
    )
    assert codes_after(LINKS, leaves) == []


def test_a_failure_return_in_the_remover_is_reported_without_a_served_state() -> None:
    failure = ("\tif l.state == linkDown {", "\tif err := p.dial(l.addr); err != nil {")
    assert codes_after(LINKS, failure) == ["GL009"]


def test_a_function_closing_another_types_field_of_that_name_is_no_closer() -> None:
    other = ("func (p *Pool) Remove(l *link) error {", "func (p *Pool) Remove(l *other) error {")
    assert codes_after(LINKS, other) == []


# ROOM_WAIT, ONLY_CONSUMER and QUITS_OPEN (abandoned_queues.py): a condition-variable
# queue whose only consumer returns with it open strands a producer waiting for room.
QUEUE = "GL029/queue_consumer_quits.go"


def test_a_consumer_quitting_with_the_queue_open_strands_the_producer() -> None:
    assert codes_after(QUEUE) == ["GL029"]


def test_a_consumer_that_closes_the_queue_on_its_way_out_is_silent() -> None:
    closes = (
        "\t\tif err := u.sink(item); errors.Is(err, errRejected) {\n\t\t\treturn\n",
        "\t\tif err := u.sink(item); errors.Is(err, errRejected) {\n\t\t\tu.queue.close()\n\t\t\treturn\n",
    )
    assert codes_after(QUEUE, closes) == []


def test_a_second_consumer_may_still_drain_the_queue() -> None:
    second = ("\tgo u.drain()\n", "\tgo u.drain()\n\tgo u.spare()\n")
    spare = (
        "func (u *Uploader) drain() {",
        "func (u *Uploader) spare() {\n\tfor {\n\t\tif _, ok := u.queue.take(); !ok {\n"
        "\t\t\treturn\n\t\t}\n\t}\n}\n\nfunc (u *Uploader) drain() {",
    )
    assert codes_after(QUEUE, second, spare) == []


def test_a_return_on_the_closed_and_drained_result_is_the_queues_end() -> None:
    no_quit = (
        "\t\tif err := u.sink(item); errors.Is(err, errRejected) {\n\t\t\treturn\n\t\t}\n",
        "\t\t_ = u.sink(item)\n",
    )
    assert codes_after(QUEUE, no_quit) == []


def test_a_wait_that_does_not_heed_the_close_flag_is_not_this_queue() -> None:
    unheeded = ("for len(c.items) >= c.max && !c.closed {", "for len(c.items) >= c.max {")
    assert "GL029" not in [
        f.code for f in findings_after(QUEUE, unheeded) if "the only goroutine taking" in f.message
    ]


def test_a_remover_leaving_an_object_no_longer_registered_is_silent() -> None:
    """REGISTRY_MEMBERSHIP (blind dev p60's fixed twin): `if _, ok := m[key]; !ok {
    return }` leaves an object already removed, so already stopped."""
    member = ("\tif l.state == linkDown {", "\tif _, ok := p.links[l.addr]; !ok {")
    assert codes_after(LINKS, member) == []


def test_a_membership_looked_up_before_the_if_is_seen_too() -> None:
    member = ("\tif l.state == linkDown {", "\t_, ok := p.links[l.addr]\n\tif !ok {")
    assert codes_after(LINKS, member) == []


# STREAM_PER_GOROUTINE, CALLERS_CONTEXT, MERGER_GIVES_UP and SEND_OR_DONE
# (abandoned_fan_ins.py): producers fed the caller's context, one stream each, left
# blocked when the merger gives up early (blind dev p334, p377).
SEGMENTS = "GL006/fan_in_object_streams.go"


def test_a_merger_giving_up_strands_producers_with_the_callers_context() -> None:
    assert codes_after(SEGMENTS) == ["GL006"]


def test_the_fix_derives_a_context_the_function_cancels() -> None:
    (found,) = findings_after(SEGMENTS)
    assert [f.title for f in found.fixes] == [
        "Derive `ctx` with `context.WithCancel` and cancel it when the function returns"
    ]


def test_a_context_derived_and_cancelled_by_the_function_is_silent() -> None:
    derived = (
        "\tstreams := make([]*stream, len(segments))\n",
        "\tctx, stop := context.WithTimeout(ctx, time.Second)\n\tdefer stop()\n"
        "\tstreams := make([]*stream, len(segments))\n",
    )
    assert codes_after(SEGMENTS, derived) == []


def test_a_buffer_sized_by_a_length_may_hold_the_stream() -> None:
    sized = ("\t\tstreams[i] = newStream(buffer)\n", "\t\tstreams[i] = newStream(len(seg))\n")
    assert codes_after(SEGMENTS, sized) == []


def test_a_merger_that_reads_every_stream_to_its_end_is_silent() -> None:
    reads_all = ("\t\tif n == 0 {\n\t\t\treturn nil, errEmptySegment\n\t\t}\n", "")
    assert codes_after(SEGMENTS, reads_all) == []


def test_a_send_that_also_watches_a_stop_channel_is_not_this_leak() -> None:
    stop = (
        "\t\tcase <-ctx.Done():\n\t\t\treturn\n\t\t}\n",
        "\t\tcase <-ctx.Done():\n\t\t\treturn\n\t\tcase <-quit:\n\t\t\treturn\n\t\t}\n",
    )
    assert codes_after(SEGMENTS, stop) == []


def test_a_function_that_drains_the_streams_after_the_merger_is_silent() -> None:
    drains = (
        "\treturn join(streams)\n",
        "\tall, err := join(streams)\n\tfor _, s := range streams {\n\t\tfor range s.ch {\n\t\t}\n\t}\n"
        "\treturn all, err\n",
    )
    assert codes_after(SEGMENTS, drains) == []


def test_a_single_reply_per_goroutine_is_not_a_stream() -> None:
    once = (
        "\tfor _, r := range records {\n\t\tselect {",
        "\tfor _, r := range records[:1] {\n\t\t_ = r\n\t}\n\t{\n\t\tr := records[0]\n\t\tselect {",
    )
    assert "GL006" not in [
        f.code for f in findings_after(SEGMENTS, once) if "gives up" in f.message
    ]


# HEEDED_IN_THE_BODY (cond_wakeups.py): a wait loop whose body tests the stop flag right
# after the `Wait` and leaves on it heeds the stop (audit 39: go-libp2p-pubsub).
UNHEEDED = "GL029/stop_flag_unheeded.go"
AFTER_THE_WAIT = "\n\t}\n\tif q.closed && len(q.pending) == 0 {"


def test_a_loop_that_ignores_the_stop_flag_is_still_reported() -> None:
    assert codes_after(UNHEEDED) == ["GL029"]


def test_a_loop_leaving_on_the_flag_right_after_the_wait_heeds_it() -> None:
    heeded = (AFTER_THE_WAIT, '\n\t\tif q.closed {\n\t\t\treturn "", false\n\t\t}' + AFTER_THE_WAIT)
    assert codes_after(UNHEEDED, heeded) == []


def test_a_loop_panicking_on_the_flag_heeds_it_too() -> None:
    heeded = (AFTER_THE_WAIT, "\n\t\tif q.closed {\n\t\t\tpanic(errClosed)\n\t\t}" + AFTER_THE_WAIT)
    assert codes_after(UNHEEDED, heeded) == []


def test_a_test_of_the_flags_negation_is_no_way_out_on_it() -> None:
    negated = (AFTER_THE_WAIT, "\n\t\tif !q.closed {\n\t\t\tcontinue\n\t\t}" + AFTER_THE_WAIT)
    assert codes_after(UNHEEDED, negated) == ["GL029"]


# STOPPER_USED_BY_THE_LOOP (rules/gl009_forever_loop.py): a retry loop that calls the
# type's `Close` itself, or through a method of the object, cleans up each round: that
# `Close` is no stop the loop ignores (audit 39: overlord's `Instance.Sync`).
POLLER = "GL009/poller.go"


def test_a_poller_ignoring_its_stopper_is_reported() -> None:
    assert codes_after(POLLER) == ["GL009"]


def test_a_loop_calling_the_stopper_each_round_uses_it_as_cleanup() -> None:
    each_round = ("\t\tv := m.sample()\n", "\t\tv := m.sample()\n\t\tm.Stop()\n")
    assert codes_after(POLLER, each_round) == []


def test_a_method_the_loop_calls_that_defers_the_stopper_uses_it_as_cleanup() -> None:
    attempt = ("\t\tv := m.sample()\n", "\t\tv := m.attempt()\n")
    method = (
        "// Stop marks the monitor stopped; the loop never looks.",
        "func (m *Monitor) attempt() int {\n\tdefer m.Stop()\n\treturn m.sample()\n}\n\n"
        "// Stop marks the monitor stopped; the loop never looks.",
    )
    assert codes_after(POLLER, attempt, method) == []


def test_a_close_of_something_else_in_the_loop_is_not_the_stopper() -> None:
    other = ("\t\tv := m.sample()\n", "\t\tv := m.sample()\n\t\tconn.Stop()\n")
    assert codes_after(POLLER, other) == ["GL009"]


# TICKER_STOP_PROMISED (rules/gl009_forever_loop.py): a range over a ticker kept in a
# field that another function stops was meant to end with that stop (blind dev p396).
TICKER = "GL009/ticker_field_stopped.go"


def test_a_range_over_a_field_ticker_stopped_elsewhere_is_reported() -> None:
    assert codes_after(TICKER) == ["GL009"]


def test_a_field_ticker_nobody_stops_is_the_process_own() -> None:
    unstopped = ("\tb.ticker.Stop()\n", "")
    assert codes_after(TICKER, unstopped) == []


def test_a_stop_of_the_ticker_inside_the_loop_itself_promises_nothing() -> None:
    inside = ("\tb.ticker.Stop()\n", "")
    in_loop = ("\t\tdefault:\n\t\t}\n", "\t\tdefault:\n\t\t\tb.ticker.Stop()\n\t\t}\n")
    assert codes_after(TICKER, inside, in_loop) == []


# RANGED_BY_ITS_GOROUTINE, RELEASED_ELSEWHERE and DROPPED_UNCLOSED
# (dropped_channels.py): a channel kept in a map and ranged by its goroutine, deleted
# from the map without the close the package gives its channels elsewhere (blind dev
# p394).
FEED = "GL008/map_channel_dropped_unclosed.go"


def test_a_watcher_dropped_from_the_map_unclosed_is_reported() -> None:
    assert codes_after(FEED) == ["GL008"]


def test_the_fix_closes_the_dropped_channel_before_the_delete() -> None:
    (found,) = findings_after(FEED)
    assert [f.title for f in found.fixes] == [
        "Stop the entry this delete drops: `close(dropped)` before deleting `f.watchers[id]`"
    ]


def test_a_dropper_holding_the_value_may_close_it_itself() -> None:
    held = (
        "\t\tdelete(f.watchers, id)\n\t}\n}\n\nfunc serve",
        "\t\tch := f.watchers[id]\n\t\tdelete(f.watchers, id)\n\t\tgo drain(ch)\n\t}\n}\n\nfunc serve",
    )
    assert codes_after(FEED, held) == []


def test_a_package_that_never_closes_the_maps_channels_is_not_this_shape() -> None:
    no_release = ("\t\tclose(ch)\n\t\tdelete(f.watchers, id)\n", "\t\tdelete(f.watchers, id)\n")
    assert "GL008" not in [
        f.code for f in findings_after(FEED, no_release) if "deletes it from" in f.message
    ]


def test_a_worker_with_a_way_out_of_its_range_is_not_stranded() -> None:
    way_out = ("\t\tfn(ev)\n", '\t\tif ev == "" {\n\t\t\treturn\n\t\t}\n\t\tfn(ev)\n')
    assert codes_after(FEED, way_out) == []


def test_a_channel_also_handed_elsewhere_may_be_closed_there() -> None:
    handed = ("\tgo serve(ch, fn)\n", "\tgo serve(ch, fn)\n\tf.track(ch)\n")
    assert codes_after(FEED, handed) == []


# RELEASED_BY_A_WALK and FRESH_ENTRY (dropped_entries.py): a registry whose Close closes
# each worker's channel in a walk over the map it took, and whose sync stores fresh
# workers beside the delete of gone ones (blind dev p400).
TENANTS = "GL008/entry_dropped_walk_released.go"


def test_a_gone_tenant_dropped_unclosed_is_reported() -> None:
    assert codes_after(TENANTS) == ["GL008"]


def test_a_walk_over_another_map_is_no_release_of_this_one() -> None:
    other = ("\tworkers := r.workers\n", "\tworkers := r.parked\n")
    assert codes_after(TENANTS, other) == []


def test_an_entry_stored_back_under_another_key_is_a_rename() -> None:
    rename = (
        "\t\tif !keep[name] {\n\t\t\tdelete(r.workers, name)\n",
        '\t\tif !keep[name] {\n\t\t\tmoved := r.workers[name]\n\t\t\tr.workers[name+"-old"] = moved\n'
        "\t\t\tdelete(r.workers, name)\n",
    )
    assert codes_after(TENANTS, rename) == []


# ENTRY_TESTED, MARKED_AND_WOKEN and REFUSED_ONCE_MARKED (unheeded_entry_flags.py): a
# wait on an entry of a map that a method marks and wakes but leaves unchanged, while
# the only other change of what the loop tests refuses once marked (blind dev p397).
BATCHES = "GL029/entry_flag_unheeded.go"


def test_a_cancelled_batch_strands_its_waiter() -> None:
    assert codes_after(BATCHES) == ["GL029"]


def test_the_fix_is_safe_where_the_waiter_reads_the_flag_after_the_loop() -> None:
    (found,) = findings_after(BATCHES)
    assert [(f.title, f.applicability.name) for f in found.fixes] == [
        ("Leave the wait loop once `b.cancelled` is set: `&& !b.cancelled`", "SAFE")
    ]


def test_a_change_that_goes_on_after_the_mark_may_still_end_the_wait() -> None:
    goes_on = (
        "\tif b.cancelled {\n\t\treturn errCancelled\n\t}\n\tb.remaining--",
        "\tb.remaining--",
    )
    assert codes_after(BATCHES, goes_on) == []


def test_a_mark_that_also_ends_what_the_loop_waits_for_is_silent() -> None:
    ends = ("\tb.cancelled = true\n", "\tb.cancelled = true\n\tb.remaining = 0\n")
    assert codes_after(BATCHES, ends) == []


def test_a_mark_without_a_wake_is_another_shape() -> None:
    unwoken = ("\tb.cancelled = true\n\tt.cond.Broadcast()\n", "\tb.cancelled = true\n")
    assert [
        m
        for m in (f.message for f in findings_after(BATCHES, unwoken))
        if "goes back to sleep" in m
    ] == []


def test_a_method_stopping_something_whose_name_ends_like_the_receiver_is_no_cleanup() -> None:
    """`item.Stop()` ends with `m.Stop(` as text; it is not the receiver's own stop
    (found on go-micro's postgres store, whose `rows.Close()` read as `s.Close()`)."""
    attempt = ("\t\tv := m.sample()\n", "\t\tv := m.attempt()\n")
    method = (
        "// Stop marks the monitor stopped; the loop never looks.",
        "func (m *Monitor) attempt() int {\n\titem := newItem()\n\tdefer item.Stop()\n"
        "\treturn m.sample()\n}\n\n// Stop marks the monitor stopped; the loop never looks.",
    )
    assert codes_after(POLLER, attempt, method) == ["GL009"]


def test_the_ticker_fix_adds_a_done_field_closed_after_the_ticker_stop() -> None:
    (found,) = findings_after(TICKER)
    assert [f.title for f in found.fixes] == [
        "Add a `done` field closed after `b.ticker.Stop()`, and leave the loop on it"
    ]


def test_a_range_binding_the_tick_gets_no_done_field_fix() -> None:
    binds = ("\tfor range b.ticker.C {", "\tfor t := range b.ticker.C {\n\t\t_ = t")
    (found,) = findings_after(TICKER, binds)
    assert found.fixes == ()
