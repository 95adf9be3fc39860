"""COUNTED_LANES (analysis/counted_lanes.py): a buffer sized by a counter stepped under
the same tests that start its senders, read by a loop bounded by that counter. Each
variation below breaks one condition, and the guard must then refuse the channel."""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash import gosyntax
from goleash.analysis.counted_lanes import counted_lanes
from goleash.analysis.functions import Functions
from goleash.analysis.package import Package
from goleash.source import SourceFile

FIXTURE = Path(__file__).parents[1] / "rules" / "testdata" / "GL022" / "fixed_counted_lanes.go"


def _judged(text: str) -> bool:
    file = SourceFile("lanes.go", text.encode())
    functions = Functions(Package(file, ()))
    for node in gosyntax.walk(file.root, skip_functions=False):
        if node.type == "call_expression" and gosyntax.callee_text(node) == "make":
            func = functions.enclosing(node, file)
            assert func is not None
            bound = gosyntax.bound_name(node, frozenset({"short_var_declaration"}))
            assert bound is not None
            channel = func.resolver.scopes.lookup(bound[0])
            if channel is not None and channel.name == "lane":
                return counted_lanes(func, channel, node)
    raise AssertionError("no `lane` made")


def test_the_counted_buffer_is_recognised() -> None:
    assert _judged(FIXTURE.read_text())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\tif r.hasV6 {\n\t\tgo", "\tif r.hasV6 && r.hasV4 {\n\t\tgo"),  # another test
        ("\tif r.hasV6 {\n\t\tlanes++", "\tif r.hasV6 {\n\t\tlanes += 2"),  # not a step
        ("\tlanes := 0\n", "\tlanes := 1\n"),  # not counted from zero
        ('lane <- r.query(host, "A")', 'lane <- r.query(host, "A")\n\t\t\tlane <- answer{}'),
        ("for l := 0; l < lanes; l++", "for l := 0; l < lanes+1; l++"),  # another bound
        ("\tvar addrs []string\n", "\tvar addrs []string\n\t<-lane\n"),  # a receive outside
        ("\tlane := make(chan answer, lanes)\n", "\tlane := make(chan answer, lanes)\n\tlanes++\n"),
    ],
    ids=[
        "other-test",
        "plus-two",
        "from-one",
        "two-sends",
        "other-bound",
        "extra-receive",
        "stepped-after",
    ],
)
def test_each_broken_condition_is_refused(old: str, new: str) -> None:
    text = FIXTURE.read_text()
    assert old in text
    assert not _judged(text.replace(old, new, 1))
