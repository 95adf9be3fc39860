"""A loop handed the goroutine's context, which it never reads (analysis/ignored_contexts.py,
reported by GL009): the leaky keeper, and near-miss twins made by one edit each."""

from pathlib import Path

import pytest

from goleash.engine import analyze_source

HERE = Path(__file__).parent / "ignored_contexts"
KEEPER = (HERE / "keeper.go").read_bytes()


def _findings(source: bytes, name: str = "keeper.go") -> list:
    return [f for f in analyze_source(source, name).findings if f.code == "GL009"]


def test_the_loop_that_never_reads_its_context_is_reported() -> None:
    (found,) = _findings(KEEPER)
    assert found.location.span.start.row == KEEPER[
        : KEEPER.index(b"\t\tselect {\n\t\tcase <-k.yield")
    ].count(b"\n")
    assert "`hold` takes `ctx` but never reads it" in found.message
    notes = [r.message for r in found.related]
    assert "`ctx` is handed to `hold` here" in notes
    assert "the goroutine stops on `ctx` here" in notes
    assert "the goroutine is started here" in notes
    (fix,) = found.fixes
    assert "case <-ctx.Done(): return ctx.Err()" in fix.title


SILENT_TWINS = {
    # the loop reads its context: it stops with the goroutine
    "watched": (
        b"\t\tcase <-k.yield:\n",
        b"\t\tcase <-ctx.Done():\n\t\t\treturn ctx.Err()\n\t\tcase <-k.yield:\n",
    ),
    # the context reaches a call in the loop, which may fail once it is cancelled
    "handed on": (b"k.store.Extend(k.owner)", b"k.store.Claim(ctx, k.owner)"),
    # the loop is handed a context the goroutine does not stop on
    "not the stop": (b"_ = k.hold(ctx)", b"_ = k.hold(context.Background())"),
    # run on the caller's goroutine, not started with `go`
    "not a goroutine": (b"{ go k.loop(ctx) }", b"{ k.loop(ctx) }"),
    # a loop that polls without waiting
    "does not wait": (
        b"\t\tselect {\n\t\tcase <-k.yield:\n",
        b"\t\tselect {\n\t\tdefault:\n\t\tcase <-k.yield:\n",
    ),
    # a blank context is declared unused on purpose
    "blank": (b"hold(ctx context.Context)", b"hold(_ context.Context)"),
}


@pytest.mark.parametrize("edit", SILENT_TWINS.values(), ids=SILENT_TWINS.keys())
def test_near_miss_twins_are_silent(edit: tuple[bytes, bytes]) -> None:
    old, new = edit
    assert old in KEEPER
    assert _findings(KEEPER.replace(old, new)) == []


def test_a_loop_that_ends_when_its_input_closes_is_left_alone() -> None:
    source = (HERE / "forward.go").read_bytes()
    assert _findings(source, "forward.go") == []
    # ENDS_WITH_ITS_INPUT is what keeps it silent: without the `ok` the loop is reported.
    twin = source.replace(
        b"\t\tv, ok := <-in\n\t\tif !ok {\n\t\t\treturn\n\t\t}\n", b"\t\tv := <-in\n"
    )
    assert len(_findings(twin, "forward.go")) == 1


def test_the_loop_is_found_from_another_file_of_the_package(tmp_path: Path) -> None:
    from goleash.engine import analyze
    from goleash.source import SourceFile

    start, rest = KEEPER.split(b"func (k *Keeper) loop", 1)
    starter = SourceFile(str(tmp_path / "keeper.go"), start)
    looping = SourceFile(
        str(tmp_path / "loop.go"),
        b'package keeper\n\nimport (\n\t"context"\n\t"time"\n)\n\nfunc (k *Keeper) loop' + rest,
    )
    report = analyze(looping, [starter])
    (found,) = [f for f in report.findings if f.code == "GL009"]
    started = [r for r in found.related if r.message == "the goroutine is started here"]
    assert started and started[0].location.path == starter.path
