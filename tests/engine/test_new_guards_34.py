"""Guards of the thirty-fourth pass, each broken by an edit of its near-miss fixture:

- FINISHED_SOMEWHERE (counted_flights.py): a leader that never counts its flight out
  leaves it to someone else, and is not judged.
- UNFINISHED_WAY (counted_flights.py): a deferred `Done`, or the flight handed to a
  goroutine, finishes it on every way out; a helper the flight is handed to is
  followed, and its own early return is the leader's.
- COUNTED_PUBLICATION (counted_flights.py): only a flight stored in a map can be found
  and waited on by another caller.
- FOLLOWER_WAITS (counted_flights.py): the `Wait` judged is in a function reading the
  map the flight is published in.
- DELETED_UNSTOPPED with STOPPED_BY_THE_CALLER and HELD_ONLY_HERE (replaced_entries.py);
  FLAG_WAIT_LOOP, SET_AND_WOKEN (cond_stops.py); NAMED_GOROUTINE, READER_ALIAS, CHECKED_LATER
  (pipes.py); SWALLOWED_PANIC, PANICKY_CALLS and
  UNLOCKING_NAME, RECOVERED_BY_THE_CALLER and CANCELS_DO_NOT_PANIC (locks.py): each
  broken by an edit below.
- POLLED_ONLY (polled_sends.py): a send is stranded only when every receive of its
  channel is a poll outside any loop.
- HTTP_CLIENT_BY_NAME (pipes.py): only a `Do` or `Post` on a receiver named like an HTTP
  client is taken to close the body it was handed.
- NEGATED_START_TEST (stop_signals.py): a stopping method that returns early under the
  negation of the test the goroutine was started under skips nothing running.
- QUIT_TOGETHER (liveness.py, SIBLING_QUITS): consumers started in a loop strand their
  producer only when they quit on a signal they share (a context's end), not on an item
  of their own; and only a producer sending one value per item of its input is judged.
"""

from __future__ import annotations

from .edited_fixtures import codes_after

LEAKY = "GL015/flight_error_return.go"
HANDED = "GL015/fixed_flight_handed.go"


def test_a_leader_that_never_counts_out_is_not_judged() -> None:
    assert codes_after(LEAKY) == ["GL015"]
    never = ("\tf.val, f.err = v, err\n\tf.wg.Done()\n", "\tf.val, f.err = v, err\n")
    assert codes_after(LEAKY, never) == []


def test_a_deferred_done_finishes_every_way_out() -> None:
    deferred = (
        ("\tf.wg.Add(1)\n", "\tf.wg.Add(1)\n\tdefer f.wg.Done()\n"),
        ("\tf.val, f.err = v, err\n\tf.wg.Done()\n", "\tf.val, f.err = v, err\n"),
    )
    assert codes_after(LEAKY, *deferred) == []


def test_a_flight_stored_nowhere_is_not_judged() -> None:
    unpublished = ("\ts.calls[key] = f\n", "\t_ = f\n")
    assert codes_after(LEAKY, unpublished) == []


def test_a_wait_away_from_the_map_is_not_a_follower() -> None:
    elsewhere = (
        "\tif f, ok := s.calls[key]; ok {\n",
        "\tif f, ok := s.current(key); ok {\n",
    )
    helper = (
        "func (s *Store) forget(",
        "func (s *Store) current(key string) (*flight, bool) {\n\treturn nil, false\n}\n\n"
        "func (s *Store) forget(",
    )
    assert codes_after(LEAKY, elsewhere, helper) == []


def test_the_flight_handed_to_a_goroutine_is_finished_there() -> None:
    assert codes_after(HANDED) == []


def test_a_helper_called_in_place_is_followed_to_its_early_return() -> None:
    in_place = (
        ("\tgo s.load(f, key)\n\tf.wg.Wait()\n", "\ts.load(f, key)\n"),
        ("\tdefer f.wg.Done()\n\tv, err", "\tv, err"),
        ("\t\tf.err = err\n\t\treturn\n", "\t\treturn\n"),
        ("\tf.val, f.err = v, err\n}", "\tf.val, f.err = v, err\n\tf.wg.Done()\n}"),
    )
    assert codes_after(HANDED, *in_place) == ["GL015"]
    finished = (
        *in_place[:2],
        ("\t\tf.err = err\n\t\treturn\n", "\t\tf.err = err\n\t\tf.wg.Done()\n\t\treturn\n"),
        in_place[3],
    )
    assert codes_after(HANDED, *finished) == []


def test_a_recover_branch_that_counts_out_finishes_the_flight() -> None:
    recovering = (
        (
            "\tdefer f.wg.Done()\n\tv, err",
            "\tdefer func() {\n\t\tif r := recover(); r != nil {\n"
            "\t\t\tf.err = errEmpty\n\t\t}\n\t}()\n\tv, err",
        ),
        ("\tgo s.load(f, key)\n\tf.wg.Wait()\n", "\ts.load(f, key)\n"),
        ("\tf.val, f.err = v, err\n}", "\tf.val, f.err = v, err\n\tf.wg.Done()\n}"),
        ("\t\tf.err = err\n\t\treturn\n", "\t\tf.err = err\n\t\tf.wg.Done()\n\t\treturn\n"),
    )
    assert codes_after(HANDED, *recovering) == ["GL015"]
    counted = (("\t\t\tf.err = errEmpty\n", "\t\t\tf.err = errEmpty\n\t\t\tf.wg.Done()\n"),)
    assert codes_after(HANDED, *recovering, *counted) == []


QUIT_ALONE = "GL006/fixed_workers_quit_alone.go"


def test_workers_quitting_on_their_own_item_leave_the_others_consuming() -> None:
    assert codes_after(QUIT_ALONE) == []
    together = (
        '\t\tif img == "" {\n\t\t\treturn // a worker told to retire: the others go on consuming\n',
        "\t\tif ctx.Err() != nil {\n\t\t\treturn\n",
    )
    assert codes_after(QUIT_ALONE, together) == ["GL006"]


def test_only_a_producer_sending_once_per_item_is_judged() -> None:
    assert codes_after("GL006/workers_quit_together.go") == ["GL006"]
    twice = ("\t\tjobs <- img // want", "\t\tjobs <- img\n\t\tjobs <- img // want")
    assert codes_after("GL006/workers_quit_together.go", twice) == []


PIPE_NAMED = "GL003/pipe_named_writer.go"
PIPE_ALIAS = "GL003/pipe_reader_alias.go"


def test_a_named_goroutine_given_both_ends_is_not_judged() -> None:
    assert codes_after(PIPE_NAMED) == ["GL003"]
    both = (
        ("\tgo stream(pw, parts)\n", "\tgo stream(pw, pr, parts)\n"),
        (
            "func stream(pw *io.PipeWriter, parts []string) {",
            "func stream(pw *io.PipeWriter, pr *io.PipeReader, parts []string) {\n\tdefer pr.Close()",
        ),
    )
    assert codes_after(PIPE_NAMED, *both) == []


def test_an_error_cleared_before_its_check_leaves_the_pipe_read() -> None:
    cleared = ("\terr := copyLines(out, pr)\n", "\terr := copyLines(out, pr)\n\terr = nil\n")
    # (Since the thirty-fifth pass the helper itself must read to the end: one that
    # returns from inside its scanning loop quits reading, HELPER_QUITS_READING.)
    to_the_end = ("\t\t\treturn errBadLine\n", "\t\t\tcontinue\n")
    assert codes_after(PIPE_NAMED, cleared, to_the_end) == []
    assert codes_after(PIPE_NAMED, cleared) == ["GL003"]


def test_a_reader_alias_is_followed_to_the_failing_call() -> None:
    assert codes_after(PIPE_ALIAS) == ["GL003"]
    closed = (
        "\t\tbody = pr\n",
        "\t\tbody = pr\n\t\tdefer pr.Close()\n",
    )
    assert codes_after(PIPE_ALIAS, closed) == []
    stored = ("\t\tbody = pr\n", "\t\tu.last = pr\n\t\tbody = pr\n")
    field = ("\tCompress bool\n", "\tCompress bool\n\tlast     io.Reader\n")
    assert codes_after(PIPE_ALIAS, stored, field) == []


RECOVERED_LOCK = "GL030/recovered_with_lock.go"


def test_a_handler_that_panics_again_returns_nothing_held() -> None:
    assert codes_after("GL030/fixed_repanicked.go") == []
    swallowed = (
        '\t\t\tpanic(fmt.Sprintf("admit %q: %v", name, p))\n',
        '\t\t\terr = fmt.Errorf("admit %q: %v", name, p)\n',
    )
    assert codes_after("GL030/fixed_repanicked.go", swallowed) == ["GL030"]


def test_only_a_callback_or_a_dividing_function_is_expected_to_panic() -> None:
    assert codes_after(RECOVERED_LOCK) == ["GL030"]
    calm = (
        ("\tw := r.weigh(name)\n", "\tw := r.weight(name)\n"),
        (
            "// Admit adds name.",
            "func (r *Registry) weight(name string) int { return len(name) * 2 }\n\n// Admit adds name.",
        ),
    )
    assert codes_after(RECOVERED_LOCK, *calm) == []
    dividing = (
        calm[0],
        (
            "// Admit adds name.",
            "func (r *Registry) weight(name string) int { return 100 / len(name) }\n\n"
            "// Admit adds name.",
        ),
    )
    assert codes_after(RECOVERED_LOCK, *dividing) == ["GL030"]


def test_a_method_named_unlock_is_no_locking_function() -> None:
    fixture = "GL017/unlock_method_error.go"
    assert codes_after(fixture) == ["GL017"]
    locking = ("func (m *Mutex) Unlock(ctx", "func (m *Mutex) lockRemote(ctx")
    run = ("_ = m.Unlock(context.Background())", "_ = m.lockRemote(context.Background())")
    # UNLOCKED_ON_THE_STRAIGHT_PATH: a locker's name does not excuse a function whose own
    # block unlocks the mutex: its failure return holding it is a slip all the same
    assert codes_after(fixture, locking, run) == ["GL017"]
    kept = ("\tm.held = false\n\tm.mu.Unlock()\n\treturn nil", "\tm.held = false\n\treturn nil")
    assert codes_after(fixture, locking, run, kept) == []


COND_LISTENER = "GL010/replaced_cond_listener.go"


def test_a_flag_set_without_waking_the_condition_is_no_stop() -> None:
    assert codes_after(COND_LISTENER) == ["GL010"]
    unwoken = ("\ts.stopped = true\n\ts.cond.Broadcast()\n", "\ts.stopped = true\n")
    assert "GL010" not in codes_after(COND_LISTENER, unwoken)


def test_a_wait_loop_that_ignores_the_flag_is_not_stopped_by_it() -> None:
    ignored = (
        "\t\tfor len(s.pending) == 0 && !s.stopped {\n",
        "\t\tfor len(s.pending) == 0 {\n",
    )
    assert "GL010" not in codes_after(COND_LISTENER, ignored)


def test_a_delete_whose_caller_stops_the_entry_drops_nothing_running() -> None:
    helper = "GL010/fixed_deleted_by_helper.go"
    assert codes_after(helper) == []
    unstopped = ("\t\t\tb.shutdownLocked()\n\t\t\tp.forget(addr)\n", "\t\t\tp.forget(addr)\n")
    assert codes_after(helper, unstopped) == ["GL010"]


def test_an_entry_handed_on_before_its_delete_is_not_lost() -> None:
    leaky = "GL010/deleted_entry.go"
    assert codes_after(leaky) == ["GL010"]
    handed = (
        ("\t\t\tb.retired = true\n", "\t\t\tp.draining = append(p.draining, b)\n"),
        (
            "\tbackends map[string]*backend\n",
            "\tbackends map[string]*backend\n\tdraining []*backend\n",
        ),
    )
    assert codes_after(leaky, *handed) == []


def test_a_recover_in_a_caller_counts_only_when_deferred_before_the_call() -> None:
    no_own_recover = (
        "\tdefer func() {\n\t\tif p := recover(); p != nil {\n"
        '\t\t\terr = fmt.Errorf("admit %q: %v", name, p)\n\t\t}\n\t}()\n',
        '\t_ = fmt.Sprint("admit ", name)\n',
    )
    assert codes_after(RECOVERED_LOCK, no_own_recover) == []
    caller = (
        "// Admit adds name.",
        "// SafeAdmit admits name, a panic logged as an error.\n"
        "func (r *Registry) SafeAdmit(name string) (err error) {\n"
        "\tdefer func() {\n\t\tif p := recover(); p != nil {\n"
        '\t\t\terr = fmt.Errorf("%v", p)\n\t\t}\n\t}()\n'
        "\treturn r.Admit(name)\n}\n\n// Admit adds name.",
    )
    assert codes_after(RECOVERED_LOCK, no_own_recover, caller) == ["GL030"]
    too_late = (
        "// Admit adds name.",
        "// SafeAdmit admits name.\n"
        "func (r *Registry) SafeAdmit(name string) error {\n"
        "\terr := r.Admit(name)\n"
        "\tdefer func() {\n\t\tif p := recover(); p != nil {\n"
        "\t\t\t_ = fmt.Sprint(p)\n\t\t}\n\t}()\n"
        "\treturn err\n}\n\n// Admit adds name.",
    )
    assert codes_after(RECOVERED_LOCK, no_own_recover, too_late) == []


def test_a_stop_skipped_only_where_the_start_was_skipped_strands_nothing() -> None:
    fixture = "GL009/fixed_cancel_never_started.go"
    assert codes_after(fixture) == []
    other_test = ("\tif c.every <= 0 {\n", "\tif c.every < time.Second {\n")
    assert codes_after(fixture, other_test) == ["GL009"]


def test_a_cancel_function_is_not_expected_to_panic() -> None:
    fixture = "GL030/fixed_cancel_under_lock.go"
    assert codes_after(fixture) == []
    callback = (
        ("\tcancel context.CancelFunc\n", "\tnotify func()\n"),
        (
            "r.cancel != nil {\n\t\tr.cancel()\n\t\tr.cancel = nil\n",
            "r.notify != nil {\n\t\tr.notify()\n",
        ),
        ('import (\n\t"context"\n', "import (\n"),
    )
    assert codes_after(fixture, *callback) == ["GL030"]


def test_a_post_on_an_http_client_closes_what_it_reads() -> None:
    fixture = "GL003/pipe_transport_post.go"
    assert codes_after(fixture) == ["GL003"]
    client = (
        ("\ttransport Transport\n", "\tclient Transport\n"),
        ("n.transport.Post(ctx, pr)", "n.client.Post(ctx, pr)"),
        ("&Notifier{transport: refusing{}}", "&Notifier{client: refusing{}}"),
    )
    assert codes_after(fixture, *client) == []


def test_a_channel_polled_in_a_loop_is_waited_on() -> None:
    assert codes_after("GL003/fixed_polled_in_a_loop.go") == []
    once = ("\tfor w.err == nil {\n", "\tif w.err == nil {\n")
    assert codes_after("GL003/fixed_polled_in_a_loop.go", once) == ["GL003"]


def test_a_blocking_receive_elsewhere_serves_the_send() -> None:
    assert codes_after("GL003/polled_only.go") == ["GL003"]
    waited = (
        "// Err returns the loss",
        "// Done waits for the loss.\nfunc (w *Watcher) Done() error { return <-w.lost }\n\n"
        "// Err returns the loss",
    )
    assert codes_after("GL003/polled_only.go", waited) == []
