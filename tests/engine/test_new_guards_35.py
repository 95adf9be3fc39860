"""Guards of the thirty-fifth pass, each broken by an edit of its near-miss fixture:

- UNCHANGED_ON_A_PATH and PRIVATE_STOPPER (cond_wakeups.unheeded_stops): a stopper that
  changes what the wait loop tests on every way out after its flag wakes the waiter; one
  that changes it on one branch only leaves it asleep on the other; a lower-case `close`
  stops as `Close` would; field paths are followed (`w.cur.stopped` is not
  `w.cur.version`).
- ERROR_TEST_IS_NO_DATA (cond_wakeups.py): an `if err != nil` after a call through a
  field is a failure path, not a choice on the object's state (DATA_BRANCH).
- RECEIVER_FLAGS (liveness.py): only a field the method sets on its receiver makes a
  way out "the second call's", not a field of a report the method builds.
- COLLECTOR_CALL (liveness.py, classify.py): a helper the root calls to range over the
  channel, and that returns from inside the range, strands the senders as the root's
  own loop would.
- STOPPED_BEFORE_THE_STORE, KEPT_ON_THE_WAY, STOPPED_ON_ANOTHER_PATH, GOES_ROUND,
  RETRIED_ON_FAILURE
  (replaced_locals.py).
- FRESH_MAP_DISTINCT_KEYS, COUNTER_KEY, COPIED_WALK (replaced_entries.py).
- DEFERRED_TILL_THE_END (liveness.py): a release deferred in each round of a counted
  loop runs when the function returns; a channel-driven loop keeps being judged.
- PLUGGED_INTERFACE (locks.py): only a method of an interface the package declares,
  called on a field, is a plugged-in implementation that may panic.
- STILL_REGISTERED, REPLACED_UNCLOSED, ARGUMENT_WORKER and a ranged value used in place
  (dropped_entries.py).
- NON_CONSUMING_READERS with decoders, AT_THE_END_OF_THE_PIPE (READ_ERROR_IS_THE_WRITERS),
  READ_TO_EOF and HELPER_QUITS_READING
  (pipes.py).
- MOVED_OUT_OF_THE_WALK (dropped_entries.py): an entry moved to a map that a close
  also walks is still closed; a close made outside any walk is another release.
"""

from __future__ import annotations

from .edited_fixtures import codes_after

BRANCH = "GL029/stop_woken_on_one_branch.go"
EVERY_PATH = "GL029/fixed_stop_woken_on_every_path.go"
FLUSH = "GL029/woken_unless_flush_fails.go"
COLLECTOR = "GL006/collector_call_returns_early.go"
LIMIT = "GL006/collector_method_error_limit.go"
LOCAL = "GL010/replaced_local_in_a_loop.go"
COPIED = "GL010/deleted_entry_copied_walk.go"
FIXED_COPIED = "GL010/fixed_deleted_entry_copied_walk.go"
COUNTER = "GL010/fixed_deleted_entry_counter_key.go"


def test_a_stopper_that_changes_the_condition_on_every_path_wakes_the_waiter() -> None:
    assert codes_after(BRANCH) == ["GL029"]
    assert codes_after(EVERY_PATH) == []
    outside = (
        "\tif w.cur.dirty {\n\t\tw.cur.version++\n\t\tw.cond.Broadcast()\n\t}\n",
        "\tw.cur.version++\n\tif w.cur.dirty {\n\t\tw.cond.Broadcast()\n\t}\n",
    )
    assert codes_after(BRANCH, outside) == []


def test_a_loop_that_tests_the_flag_path_leaves_when_woken() -> None:
    heeded = ("\tfor w.cur.version == seen {", "\tfor w.cur.version == seen && !w.cur.stopped {")
    assert codes_after(BRANCH, heeded) == []


def test_a_lower_case_stopper_only_counts_under_a_stopping_name() -> None:
    renamed = (
        ("func (w *watcher) close() {", "func (w *watcher) finish() {"),
        ("w.close()", "w.finish()"),
    )
    assert codes_after(BRANCH, *renamed) == []


def test_a_writer_that_does_not_refuse_after_the_stop_may_still_wake_the_waiter() -> None:
    refusing = ("\tif w.cur.stopped || w.cur.body == body {", "\tif w.cur.body == body {")
    assert codes_after(BRANCH, refusing) == []


def test_an_error_test_is_a_failure_path_but_a_state_test_is_data() -> None:
    assert codes_after(FLUSH) == ["GL029"]
    on_state = (
        "\t\tif err := s.store.Save(s.lines); err != nil {",
        "\t\tif err := s.store.Save(s.lines); s.waiting > 1 && err != nil {",
    )
    assert codes_after(FLUSH, on_state) == []


def test_a_report_field_the_collector_builds_is_no_flag_of_the_object() -> None:
    assert codes_after(LIMIT) == ["GL006"]
    on_the_receiver = (
        ("type Checker struct {\n", "type Checker struct {\n\tProblems []string\n"),
        (
            "\t\trep.Problems = append(rep.Problems, problems...)\n",
            "\t\tc.Problems = append(c.Problems, problems...)\n",
        ),
        (
            "len(rep.Problems) >= c.MaxProblems {",
            "len(c.Problems) >= c.MaxProblems {",
        ),
    )
    # A flag of the receiver set on the way: the early return reads as a second call's.
    assert codes_after(LIMIT, *on_the_receiver) == []


def test_a_collector_that_ranges_to_the_end_strands_nothing() -> None:
    assert codes_after(COLLECTOR) == ["GL006"]
    to_the_end = ("\t\t\treturn done, r.err\n", "\t\t\tcontinue\n")
    assert codes_after(COLLECTOR, to_the_end) == []


def test_a_local_stopped_before_the_store_is_not_replaced_running() -> None:
    assert codes_after(LOCAL) == ["GL010"]
    stopped = ("\t\tnext, err := dial(s.addr)\n", "\t\tc.close()\n\t\tnext, err := dial(s.addr)\n")
    assert codes_after(LOCAL, stopped) == []


def test_a_local_handed_on_before_the_store_may_be_stopped_elsewhere() -> None:
    handed = ("\t\tnext, err := dial(s.addr)\n", "\t\tkeep(c)\n\t\tnext, err := dial(s.addr)\n")
    helper = ("func (c *conn) close()", "func keep(*conn) {}\n\nfunc (c *conn) close()")
    assert codes_after(LOCAL, handed, helper) == []


def test_a_local_the_function_never_stops_is_left_to_other_rules() -> None:
    never = (
        ("\t\tcase <-s.quit:\n\t\t\tc.close()\n", "\t\tcase <-s.quit:\n"),
        ("\t\tif err != nil {\n\t\t\tc.close()\n", "\t\tif err != nil {\n"),
    )
    assert "GL010" not in codes_after(LOCAL, *never)


def test_a_store_that_leaves_the_loop_replaces_nothing_later() -> None:
    leaving = ("\t\tc = next // want", "\t\tc = next\n\t\treturn // want")
    assert "GL010" not in codes_after(LOCAL, leaving)


def test_a_walk_over_a_copy_of_the_map_stops_its_entries() -> None:
    assert codes_after(COPIED) == ["GL010"]
    other_copy = ("\t\tshards = append(shards, s)\n", "\t\tshards = append(shards, nil)\n")
    # No walk stops the map's entries any more: nothing shows they need stopping.
    assert codes_after(COPIED, other_copy) == []


def test_a_fresh_map_filled_under_distinct_keys_replaces_nothing() -> None:
    assert codes_after(FIXED_COPIED) == []
    slice_values = (("\tfor name := range set(names) {\n", "\tfor _, name := range names {\n"),)
    # Values of a configured list are taken as distinct too (since the thirty-eighth
    # pass: blind dev p250's fixed twin, a bank of cars named once each, was flagged).
    assert codes_after(FIXED_COPIED, *slice_values) == []
    elsewhere = (
        "\tfor name := range set(names) {\n\t\tr.shards[name] = newShard(name)",
        "\tfor _, name := range names {\n\t\tkey := strings.ToLower(name)\n"
        "\t\tr.shards[key] = newShard(name)",
    )
    # Under a key computed from the value, two names may meet: the fill may replace.
    imports = ('import "sync"', 'import (\n\t"strings"\n\t"sync"\n)')
    assert codes_after(FIXED_COPIED, elsewhere, imports) == ["GL010"]


def test_a_counter_key_is_new_each_time() -> None:
    assert codes_after(COUNTER) == []
    reused = ("\tt.lastID++\n\tid := t.lastID\n", "\tid := t.lastID\n")
    assert codes_after(COUNTER, reused) == ["GL010"]


def test_a_retry_that_leaves_on_success_replaces_only_failures() -> None:
    retried = "GL010/fixed_replaced_local_retried_on_failure.go"
    assert codes_after(retried) == []
    on_failure = ("\t\tif err == nil {\n\t\t\tbreak\n", "\t\tif err != nil {\n\t\t\tbreak\n")
    assert codes_after(retried, on_failure) == ["GL010"]


def test_an_entry_moved_to_a_walked_map_is_still_closed() -> None:
    moved = "GL008/moved_out_of_the_walk.go"
    assert codes_after(moved) == ["GL008"]
    both = (
        "\tfor _, pr := range p.enabled {\n\t\tclose(pr.jobs)\n\t}\n",
        "\tfor _, pr := range p.enabled {\n\t\tclose(pr.jobs)\n\t}\n"
        "\tfor _, pr := range p.disabled {\n\t\tclose(pr.jobs)\n\t}\n",
    )
    assert codes_after(moved, both) == []


def test_a_close_outside_any_walk_is_another_release() -> None:
    moved = "GL008/moved_out_of_the_walk.go"
    elsewhere = (
        "// Close stops every printer.",
        "func (pr *printer) stop() { close(pr.jobs) }\n\n// Close stops every printer.",
    )
    assert codes_after(moved, elsewhere) == []


def test_a_deferred_cancel_in_a_counted_loop_runs_when_the_function_returns() -> None:
    counted = "GL003/fixed_deferred_cancel_in_a_counted_loop.go"
    assert codes_after(counted) == []
    endless = (
        ("func probeAll(addrs []string) int {", "func probeAll(addrs <-chan string) int {"),
        ("\tfor _, a := range addrs {", "\tfor a := range addrs {"),
    )
    # Driven by a channel, the rounds never end: their keep-alives pile up for good.
    assert codes_after(counted, *endless) == ["GL003"]


def test_only_an_interface_of_the_package_in_a_field_is_plugged_in() -> None:
    plugged = "GL030/plugged_interface_under_lock.go"
    assert codes_after(plugged) == ["GL030"]
    concrete = ("\tEnforcer Enforcer\n", "\tEnforcer EnforceFunc\n")
    assert codes_after(plugged, concrete) == []


def test_a_removal_helper_on_a_secondary_map_drops_nothing_registered() -> None:
    fixed = "GL008/fixed_replaced_closed.go"
    assert codes_after(fixed) == []
    release_keeps_it = ("\tdelete(h.sessions, s.id)\n\tclose(s.out)\n", "\tclose(s.out)\n")
    # The release no longer takes it out of a registry: the helper is the removal.
    assert codes_after(fixed, release_keeps_it) == ["GL008"]


def test_an_evicted_entry_read_in_place_is_dropped_but_one_handed_on_is_not() -> None:
    evicted = "GL008/evicted_without_close.go"
    assert codes_after(evicted) == ["GL008"]
    handed = (
        "\t\tdelete(p.tenants, name)\n\t}\n}\n\n// Close",
        "\t\tdelete(p.tenants, name)\n\t\tretire(t)\n\t}\n}\n\nfunc retire(*tenant) {}\n\n// Close",
    )
    assert codes_after(evicted, handed) == []


def test_a_decoder_reads_only_what_it_decodes_and_eof_is_the_writers_end() -> None:
    decoded = "GL003/pipe_decoder_left_early.go"
    assert codes_after(decoded) == ["GL003"]
    to_the_end = ("\t\tif v.N < 0 {\n\t\t\treturn total, ErrNegative\n\t\t}\n", "")
    # Only the EOF way out is left (a decode error too): at EOF the writer has closed.
    assert (
        codes_after(decoded, to_the_end, ("\t\t\treturn total, err\n", "\t\t\tpanic(err)\n")) == []
    )
    drained = (
        "\tdec := json.NewDecoder(pr)\n",
        "\tdec := json.NewDecoder(pr)\n\tdefer io.Copy(io.Discard, pr)\n",
    )
    assert codes_after(decoded, drained) == []


def test_a_helper_that_scans_the_reader_to_its_end_reads_the_pipe() -> None:
    quits = "GL003/pipe_helper_quits_reading.go"
    assert codes_after(quits) == ["GL003"]
    to_the_end = (
        "\t\tif len(lines) == max {\n\t\t\treturn lines, ErrTooLong\n\t\t}\n",
        "\t\tif len(lines) == max {\n\t\t\tcontinue\n\t\t}\n",
    )
    checked_once = (
        "\tif err != nil {\n\t\treturn lines, err\n\t}\n\treturn lines, nil\n",
        "\treturn lines, err\n",
    )
    assert codes_after(quits, to_the_end, checked_once) == []
    # The helper still quits: the caller's single return leaves the pipe unread.
    assert codes_after(quits, checked_once) == ["GL003"]


def test_a_loop_reading_to_eof_or_to_the_writers_error_reads_the_pipe() -> None:
    to_eof = "GL003/fixed_pipe_read_to_eof.go"
    assert codes_after(to_eof) == []
    capped = (
        "\t\tif err == nil && len(rec) > 0 {\n",
        "\t\tif n > 5 {\n\t\t\treturn n\n\t\t}\n\t\tif err == nil && len(rec) > 0 {\n",
    )
    assert codes_after(to_eof, capped) == ["GL003"]


def test_an_entry_stored_only_where_the_key_is_free_replaces_nothing() -> None:
    replaced = "GL008/replaced_unclosed.go"
    assert codes_after(replaced) == ["GL008"]
    when_free = (
        "\th.sessions[id] = s\n\tgo s.writeLoop()",
        "\tif _, ok := h.sessions[id]; !ok {\n\t\th.sessions[id] = s\n\t\tgo s.writeLoop()\n\t}",
    )
    assert codes_after(replaced, when_free) == []
