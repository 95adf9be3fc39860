"""LATCH_RELEASED_BY_THE_WAITER (identities._adders_elsewhere): a method that waits on a
group field and also counts it down itself (ldap's `Close`: `if l.setClosing() {
...; l.wgClose.Done() }; l.wgClose.Wait()`) uses the group as a latch its first
caller opens. The method that adds to it (`Start`: `l.wgClose.Add(1); go l.reader()`)
is then no root whose goroutines must bring the count down."""

from __future__ import annotations

from pathlib import Path

from goleash import gosyntax
from goleash.analysis.identities import _adders_elsewhere
from goleash.analysis.liveness import Liveness
from goleash.analysis.package import Package
from goleash.source import SourceFile

PROGRAM = Path(__file__).parent / "latch_groups" / "conn.go"


def _adders(data: bytes) -> list[str]:
    src = SourceFile(str(PROGRAM), data)
    liveness = Liveness(src, Package(src, []))
    close = next(
        n
        for n in src.root.named_children
        if n.type == "method_declaration" and gosyntax.function_name(n) == "Close"
    )
    wait = next(
        c
        for c in gosyntax.descendants(close, "call_expression")
        if gosyntax.called_expression_text(c) == "l.wgClose.Wait"
    )
    waiter = liveness.functions.get(close, src)
    return [
        i.root.node.child_by_field_name("name").text.decode()
        for i in _adders_elsewhere(liveness, wait, waiter, "wgClose")
    ]


def test_a_waiter_that_opens_the_latch_itself_has_no_adders_to_judge() -> None:
    assert _adders(PROGRAM.read_bytes()) == []


def test_a_waiter_that_only_waits_makes_the_adding_method_a_root() -> None:
    data = PROGRAM.read_bytes().replace(b"\t\tl.wgClose.Done()\n", b"")
    assert b"wgClose.Done" not in data
    assert _adders(data) == ["Start"]
