"""Guards added in the fortieth pass, each tied to the leak it lets through and the
near miss it keeps silent.

- STOPPED_BY_A_WALK, KEPT_UNTIL_THE_RETURN, BORROWED (walked_stops.py): objects with a
  goroutine kept in a local map, stopped by a walk on every way out but one (blind dev
  p410).
- UNCHECKED_ENTRY (locks.py): a field read through a map entry that may be missing is
  a panic to expect under a `recover` (blind dev p411); NAME_WORDS: `applyBlocks` is
  not a function returning locked.
- FAILURE_HANDED_ON (liveness.py): workers that send their failure on and quit on it
  strand a producer whose sends are bare (blind dev p416).
- PIPE_SOURCE_CALLED (engine.py): a file only calling a pipe source is analysed (blind
  dev p409).
- GUARDED_BY_EVERY_CALLER (replaced_entries.py): a helper's store under a key each
  caller tests absent replaces nothing (blind dev p413's fixed twin).
"""

from __future__ import annotations

from goleash.analysis.package import Package
from goleash.engine import analyze, calls_a_pipe_source
from goleash.source import SourceFile

from .edited_fixtures import TESTDATA, codes_after, findings_after, messages_after

DRIVERS = "GL010/skipped_walk_stop.go"
SEATS = "GL030/unchecked_entry_recovered_by_caller.go"
BIDS = "GL006/workers_hand_failure_on.go"
SECTIONS = "GL010/fixed_replaced_entry_guarded_by_callers.go"


def test_a_return_skipping_the_walk_leaves_the_drivers_running() -> None:
    (found,) = findings_after(DRIVERS)
    assert found.code == "GL010"
    assert "for each entry of `drivers`" in found.message
    assert [f.title for f in found.fixes] == [
        "Call `stopDrivers(drivers)` before the `return` at line 102, as the other ways out do"
    ]


def test_a_walk_on_every_way_out_is_silent() -> None:
    walked = (
        '\t\t\treturn errors.New("climate: giving up on faulty sensors")',
        '\t\t\tstopDrivers(drivers)\n\t\t\treturn errors.New("climate: giving up on faulty sensors")',
    )
    assert codes_after(DRIVERS, walked) == []


def test_drivers_handed_outside_the_package_are_not_judged() -> None:
    handed = ("\tfaults := 0\n", "\tfmt.Println(drivers)\n\tfaults := 0\n")
    imports = ('\t"errors"\n', '\t"errors"\n\t"fmt"\n')
    assert codes_after(DRIVERS, handed, imports) == []


def test_drivers_captured_by_a_literal_are_not_judged() -> None:
    captured = ("\tfaults := 0\n", "\tdefer func() { _ = len(drivers) }()\n\tfaults := 0\n")
    assert codes_after(DRIVERS, captured) == []


def test_a_helper_that_keeps_the_drivers_is_no_borrower() -> None:
    kept = (
        "\t\tdrivers[z].submit(v)\n",
        "\t\tdrivers[z].submit(v)\n\t\tc.last = drivers\n",
    )
    field = ("\tmaxFaults int\n}", "\tmaxFaults int\n\tlast      map[string]*driver\n}")
    assert codes_after(DRIVERS, kept, field) == []


def test_drivers_never_stopped_at_all_are_no_skipped_walk() -> None:
    never = ("\t\t\tstopDrivers(drivers)\n", "")
    assert not any("for each entry of" in m for m in messages_after(DRIVERS, never))


def test_a_missing_seat_read_under_the_lock_is_reported() -> None:
    assert codes_after(SEATS) == ["GL030"]


def test_a_lookup_with_ok_is_no_unchecked_entry() -> None:
    with_ok = (
        "\t\ts := f.seats[n]\n\t\tif !s.taken {",
        "\t\ts, ok := f.seats[n]\n\t\tif ok && !s.taken {",
    )
    assert codes_after(SEATS, with_ok) == []


def test_a_method_call_on_the_entry_is_no_field_read() -> None:
    method = (
        '\t\tif !s.taken {\n\t\t\ts.blockedBy = "partner"\n\t\t}',
        "\t\ts.block()",
    )
    declared = (
        "// Hold takes a seat.",
        'func (s *seat) block() {\n\tif s != nil {\n\t\ts.blockedBy = "partner"\n\t}\n}\n\n'
        "// Hold takes a seat.",
    )
    assert codes_after(SEATS, method, declared) == []


def test_a_name_returning_locked_is_read_so_unless_its_own_block_unlocks() -> None:
    renamed = ("applyBlocks", "lockAndApply")
    # UNLOCKED_ON_THE_STRAIGHT_PATH: the body lets the lock go itself, whatever its name
    assert codes_after(SEATS, renamed) == ["GL030"]
    kept = ("\tinv.mu.Unlock()\n\treturn nil\n}\n\n// Hold", "\treturn nil\n}\n\n// Hold")
    assert codes_after(SEATS, renamed, kept) == []


def test_workers_quitting_on_a_handed_on_failure_strand_the_producer() -> None:
    (found,) = findings_after(BIDS)
    assert found.code == "GL006"
    assert "stops consuming at line 69" in found.message


def test_workers_quitting_on_anything_but_a_failure_are_not_read_so() -> None:
    other = ("\t\tif errors.Is(err, ErrSessionExpired) {", '\t\tif bid == "last" {')
    assert codes_after(BIDS, other) == []


def test_workers_that_quit_before_handing_the_failure_on_are_not_read_so() -> None:
    quiet = (
        "\t\tresults <- result{bid: bid, orderID: id, err: err}\n"
        "\t\tif errors.Is(err, ErrSessionExpired) {\n\t\t\treturn\n\t\t}\n",
        "\t\tif errors.Is(err, ErrSessionExpired) {\n\t\t\treturn\n\t\t}\n"
        "\t\tresults <- result{bid: bid, orderID: id, err: err}\n",
    )
    assert "GL006" not in codes_after(BIDS, quiet)


def test_a_file_only_calling_a_pipe_source_is_analysed() -> None:
    folder = TESTDATA / "GL003" / "returned_pipe_in_a_sibling"
    gateway = SourceFile(str(folder / "gateway.go"), (folder / "gateway.go").read_bytes())
    stamp = SourceFile(str(folder / "stamp.go"), (folder / "stamp.go").read_bytes())
    report = analyze(gateway, [stamp])
    assert [f.code for f in report.findings] == ["GL003"]


def test_only_a_file_naming_a_pipe_source_passes_the_gate() -> None:
    folder = TESTDATA / "GL003" / "returned_pipe_in_a_sibling"
    stamp = SourceFile(str(folder / "stamp.go"), (folder / "stamp.go").read_bytes())
    text = (folder / "gateway.go").read_bytes()
    calling = SourceFile(str(folder / "gateway.go"), text)
    other = SourceFile(str(folder / "gateway.go"), text.replace(b"stampedBody(", b"otherBody("))
    assert calls_a_pipe_source(calling, Package(calling, [stamp]))
    assert not calls_a_pipe_source(other, Package(other, [stamp]))


def test_a_helper_store_guarded_by_every_caller_is_silent() -> None:
    assert codes_after(SECTIONS) == []


def test_one_unguarded_call_of_the_helper_keeps_the_finding() -> None:
    unguarded = (
        "\t\tif _, ok := m.sections[id]; !ok {\n\t\t\tm.startSection(id)\n\t\t}\n",
        "\t\tm.startSection(id)\n",
    )
    assert codes_after(SECTIONS, unguarded) == ["GL010"]
