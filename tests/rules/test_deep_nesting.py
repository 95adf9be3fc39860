"""Code nested past Python's recursion limit never makes a leak elsewhere disappear.

The shapes issue 15 found overflowing the recursion limit, at the depths it found:
329 nested blocks, 492 nested function literals, a chain of 991 `else if`s. Each file
also holds a plain leak in another function. The whole-file analysis (`goleash
check`) and the server's declaration-by-declaration analysis must both report that
leak, agree with each other, and name the deep function when they skip it.
"""

from __future__ import annotations

import functools

import pytest

from goleash import engine
from goleash.engine import incomplete
from goleash.incremental import IncrementalAnalyzer
from goleash.source import SourceFile

HEAD = "\tch := make(chan int)\n\tgo func() {\n\t\tch <- 1\n\t}()\n"
LEAK = "\nfunc leak() {\n\tdone := make(chan int)\n\tgo func() { done <- 1 }()\n}\n"


def nested_blocks(n: int) -> str:
    return (
        "package p\n\nfunc deep(ok bool) {\n"
        + HEAD
        + "\tif ok {\n" * n
        + "\t<-ch\n"
        + "\t}\n" * n
        + "}\n"
        + LEAK
    )


def nested_literals(n: int) -> str:
    body = "\tgo func() {\n" * n + "\t<-ch\n" + "\t}()\n" * n
    return "package p\n\nfunc deep() {\n" + HEAD + body + "}\n" + LEAK


def else_if_chain(n: int) -> str:
    chain = "".join(f"\t}} else if x == {i} {{\n\t\t<-ch\n" for i in range(1, n))
    return (
        "package p\n\nfunc deep(x int) {\n"
        + HEAD
        + "\tif x == 0 {\n\t\t<-ch\n"
        + chain
        + "\t}\n}\n"
        + LEAK
    )


def findings(report: engine.FileReport) -> list[tuple[str, int, str]]:
    return sorted((f.code, f.location.span.start.row, f.message) for f in report.findings)


SHAPES = {
    "329-nested-blocks": lambda: nested_blocks(329),
    "492-nested-literals": lambda: nested_literals(492),
    "991-else-ifs": lambda: else_if_chain(991),
}


@functools.cache
def full_analysis(shape: str) -> engine.FileReport:
    """The whole-file analysis `goleash check` runs, once per shape for both tests (each
    takes seconds on the deepest shapes)."""
    return engine.analyze(SourceFile("deep.go", SHAPES[shape]().encode()), with_fixes=False)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_leak_elsewhere_is_reported_and_only_the_deep_function_named(shape: str) -> None:
    full = full_analysis(shape)
    leaks = [f for f in full.findings if "`done`" in f.message]
    assert [f.code for f in leaks] == ["GL003"], findings(full)
    # No rule failed: a skipped function is the only way to be incomplete, and it is named.
    for note in incomplete(full.notes):
        assert note.rule is None and note.function == "deep", full.notes
    if "else-if" in shape:
        # A chain is flat code, not nesting: analysed in full, no function skipped.
        assert not incomplete(full.notes), full.notes


@pytest.mark.parametrize("shape", SHAPES)
def test_the_server_s_analysis_agrees_with_check(shape: str) -> None:
    # The server analyses one declaration at a time; it used to report the leak that
    # `check` lost when the deep function crashed the whole-file run.
    data = SHAPES[shape]().encode()
    served = IncrementalAnalyzer().analyze(SourceFile("deep.go", data))
    full = full_analysis(shape)
    assert findings(served) == findings(full)
    assert [str(n) for n in incomplete(served.notes)] == [str(n) for n in incomplete(full.notes)]
