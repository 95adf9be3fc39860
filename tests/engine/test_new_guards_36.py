"""Guards of the thirty-sixth pass, each broken by an edit of its near-miss fixture:

- DROPPED_FROM_THE_REGISTRY, JOINED_BEFORE_THE_WAIT, WOKEN_BY_THE_STARTER
  (abandoned_cond_waiters.py): a condition waiter abandoned by its starter's timeout,
  whose object only a registry lookup can reach to wake, and which the caller drops
  from that registry.
- CLOSED_INLINE (stop_signals.py) and SWEPT_BEFORE (replaced_entries.py): an object
  stopped by closing its field directly, replaced under its key after a sweep that
  stops and deletes the entries no longer wanted.
- HANDED_CODE (cfg.py): a package function that runs a function value its caller hands
  it may panic, as the function value itself may.
- A local filled by a constructor after an empty lookup (`u = newUploader(t)`) has the
  constructor's type (replaced_entries.py).
- HANDED_TO_A_READER (unstopped.py): options handed, before the test that starts the
  goroutine, to a function that never fills the tested option in are still unset.
- KEEPS_A_HANDED_OBJECT (lingering_watchers.py): a context watcher that keeps an object
  the caller handed in is that object's upkeep.
- NIL_OR_FRESH (identities.py): a constructor that may return nil still hands out its
  channels, unless the caller tests the result against nil; CALLBACK_FIELD
  (liveness.py): calling a function-typed field of the holder hands the function
  nothing, unless the package stores into that field a literal that uses the channel.
- STARTED_BY_ITS_METHOD and HELD_ELSEWHERE (replaced_entries.py): a stored value whose
  goroutine a method of its own starts is started beside the store; one the storing
  function also hands out may be stopped by whoever gets it.
- ONE_WAKING_GOROUTINE and STOP_CANNOT_WAKE (stopped_wakers.py): a stop that ends the
  only goroutine waking a condition's waiters leaves them asleep.
"""

from __future__ import annotations

from .edited_fixtures import codes_after

REGISTRY = "GL001/cond_waiter_dropped_from_registry.go"
INLINE = "GL010/replaced_entry_closed_inline.go"
FILLED = "GL010/deleted_entry_filled_on_lookup.go"
PANICKING = "GL015/recovered_step_in_a_helper.go"
READER = "GL010/fixed_option_handed_to_a_reader.go"
UPKEEP = "GL003/fixed_watcher_keeps_handed_object.go"
NOTIFIER = "GL008/reporter_closed_on_success.go"
FEEDS = "GL010/replaced_entry_started_by_method.go"
SLOTS = "GL029/waker_goroutine_stopped.go"


def test_a_cond_waiter_dropped_from_its_registry_is_reported() -> None:
    assert codes_after(REGISTRY) == ["GL001"]


def test_a_caller_that_keeps_the_object_registered_leaves_it_wakeable() -> None:
    kept = ("\tdefer g.forget(r.id)\n", "")
    assert codes_after(REGISTRY, kept) == []


def test_a_walk_over_the_registry_may_wake_it() -> None:
    walk = (
        "func (g *Gate) forget(",
        'func (g *Gate) Close() {\n\tfor _, r := range g.pending {\n\t\tr.refuse("close")\n'
        "\t}\n}\n\nfunc (g *Gate) forget(",
    )
    assert codes_after(REGISTRY, walk) == []


def test_a_helper_that_does_not_join_its_goroutines_may_wake_it_later() -> None:
    unjoined = ("\twg.Wait()\n}\n\n// Approve", "}\n\n// Approve")
    assert codes_after(REGISTRY, unjoined) == []


def test_a_helper_run_after_the_wait_is_not_joined_before_it() -> None:
    after = (
        "\tg.ask(ctx, r, approvers)\n\tif err := r.wait(ctx); err != nil {",
        "\tif err := r.wait(ctx); err != nil {\n\t\tg.ask(ctx, r, approvers)",
    )
    assert codes_after(REGISTRY, after) == []


def test_a_starter_that_wakes_the_waiter_when_it_gives_up_is_silent() -> None:
    woken = (
        "\tcase <-ctx.Done():\n\t\treturn ctx.Err()",
        "\tcase <-ctx.Done():\n\t\tr.cond.Broadcast()\n\t\treturn ctx.Err()",
    )
    assert codes_after(REGISTRY, woken) == []


def test_an_inline_stop_after_a_sweep_is_reported() -> None:
    assert codes_after(INLINE) == ["GL010"]


def test_a_sweep_that_stops_without_deleting_stops_what_stays() -> None:
    """SWEPT_BEFORE needs the delete beside the stop: a sweep that stops every entry
    it keeps too may have stopped the one the store replaces."""
    no_delete = ("\t\t\tclose(c.quit)\n\t\t\tdelete(r.checkers, name)\n", "\t\t\tclose(c.quit)\n")
    assert codes_after(INLINE, no_delete) == []


def test_the_replaced_entry_stopped_inline_is_silent() -> None:
    stopped = (
        "\t\tc := r.newChecker(t)\n",
        "\t\tif old, ok := r.checkers[t.Name]; ok {\n\t\t\tclose(old.quit)\n\t\t}\n"
        "\t\tc := r.newChecker(t)\n",
    )
    assert codes_after(INLINE, stopped) == []


def test_a_stop_field_nobody_closes_is_no_stop() -> None:
    """CLOSED_INLINE needs a close of the field somewhere: a goroutine nothing stops
    is another finding's business, not a replaced entry's."""
    never = (
        (
            "\t\t\tclose(c.quit)\n\t\t\tdelete(r.checkers, name)\n",
            "\t\t\tdelete(r.checkers, name)\n",
        ),
        ("\tfor _, c := range checkers {\n\t\tclose(c.quit)\n\t}\n", ""),
    )
    assert "GL010" not in codes_after(INLINE, *never)


def test_a_local_filled_by_a_constructor_has_its_type() -> None:
    assert codes_after(FILLED) == ["GL010"]
    # Since the forty-first pass a plain assignment of a composite literal gives its type
    # too (package.reassigned_type): the entry then dropped is as much a leak.
    other = (
        "\t\tu = newUploader(tenant)\n",
        "\t\tu = &uploader{tenant: tenant, queue: make(chan string, 8), done: make(chan struct{})}\n",
    )
    assert codes_after(FILLED, other) == ["GL010"]


def test_a_helper_running_a_handed_function_may_panic() -> None:
    assert codes_after(PANICKING) == ["GL015"]
    calm = ("\treturn s.Run(ctx)\n", "\treturn nil\n")
    assert codes_after(PANICKING, calm) == []


def test_options_handed_to_a_function_that_fills_them_may_be_set() -> None:
    assert codes_after(READER) == []
    fills = (
        "\treturn &Sweeper{every: cfg.Every",
        "\tcfg.Clock = func() <-chan time.Time { return time.After(time.Hour) }\n"
        "\treturn &Sweeper{every: cfg.Every",
    )
    assert codes_after(READER, fills) == ["GL010"]


def test_a_watcher_keeping_a_local_object_lingers() -> None:
    assert codes_after(UPKEEP) == []
    receiver = (
        "func follow(ctx context.Context, s *span) {",
        "func (s *span) follow(ctx context.Context) {",
    )
    called = ("\tfollow(ctx, s)\n", "\ts.follow(ctx)\n")
    assert codes_after(UPKEEP, receiver, called) == ["GL003"]


def test_a_constructor_that_may_return_nil_still_hands_out_its_channel() -> None:
    assert codes_after(NOTIFIER) == ["GL008"]
    tested = (
        "\tprogress := newNotifier(notify)\n",
        "\tprogress := newNotifier(notify)\n\tif progress == nil {\n\t\treturn nil\n\t}\n",
    )
    assert codes_after(NOTIFIER, tested) == []


def test_a_callback_stored_with_the_channel_in_reach_may_close_it() -> None:
    captured = (
        "func (n *notifier) say(",
        "func (n *notifier) stopOn(word string) {\n\tn.notify = func(s string) {\n"
        "\t\tif s == word {\n\t\t\tclose(n.lines)\n\t\t}\n\t}\n}\n\n"
        "func (n *notifier) say(",
    )
    assert "GL008" not in codes_after(NOTIFIER, captured)


def test_a_value_started_by_its_own_method_is_started_beside_the_store() -> None:
    assert codes_after(FEEDS) == ["GL010"]


def test_a_stored_value_also_handed_out_may_be_stopped_by_its_holder() -> None:
    handed = (
        "func (h *Hub) Follow(name string) {",
        "func (h *Hub) Follow(name string) *feed {",
    )
    returned = ("\tf.start()\n}", "\tf.start()\n\treturn f\n}")
    assert codes_after(FEEDS, handed, returned) == []


def test_a_stop_ending_the_only_waking_goroutine_is_reported() -> None:
    assert codes_after(SLOTS) == ["GL029"]


def test_a_waker_a_caller_may_call_keeps_the_waiter_wakeable() -> None:
    release = (
        "// Close stops the janitor.",
        "// Release hands a slot back.\nfunc (s *Slots) Release() {\n\ts.topUp()\n}\n\n"
        "// Close stops the janitor.",
    )
    assert codes_after(SLOTS, release) == []


def test_a_stop_that_wakes_the_waiters_is_silent() -> None:
    woken = (
        "\ts.once.Do(func() { close(s.quit) })",
        "\ts.once.Do(func() { close(s.quit) })\n\ts.cond.Broadcast()",
    )
    assert codes_after(SLOTS, woken) == []
