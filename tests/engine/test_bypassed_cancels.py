"""bypassed_cancels.py: a goroutine handed the parent of the context whose cancel its
owner keeps to stop it (blind dev p89, a telemetry stream). Each guard broken once keeps
it silent; the literal that captured the parent is reported as well."""

from __future__ import annotations

import pytest

from .edited_fixtures import codes_after

FIXTURE = "GL009/parent_context.go"


def test_the_bypassed_cancel_is_reported() -> None:
    assert codes_after(FIXTURE) == ["GL009"]


@pytest.mark.parametrize(
    "edits",
    [
        # the goroutine is handed the derived context
        [("go s.pump(ctx)", "go s.pump(sctx)")],
        # DERIVED_BESIDE_THE_GO: derived from another context than the one handed
        [("context.WithCancel(ctx)", "context.WithCancel(context.TODO())")],
        # ... or the parent is the derived one again by the time of the `go`
        [("\tgo s.pump(ctx)", "\tctx = sctx\n\tgo s.pump(ctx)")],
        # CANCEL_KEPT_AND_CALLED: nothing reads the kept cancel
        [("\ts.cancel()\n", "")],
        # ... or the cancel is deferred: it bounds the starter's own work only
        [
            (
                "\tif err := connect(sctx, name)",
                "\tdefer cancel()\n\tif err := connect(sctx, name)",
            ),
            ("cancel: cancel}", "}"),
        ],
        # NOT_HANDED_THE_DERIVED: the goroutine gets it by another argument
        [
            ("go s.pump(ctx)", "go s.pump(ctx, sctx)"),
            ("pump(ctx context.Context)", "pump(ctx, _ context.Context)"),
        ],
        # the loop has another way out
        [
            (
                "\t\tcase v := <-s.in:",
                "\t\tcase v, ok := <-s.in:\n\t\t\tif !ok {\n\t\t\t\treturn\n\t\t\t}",
            )
        ],
        # started from main, for the whole process
        [
            ("package parentctx", "package main"),
            (
                "func Open(ctx context.Context, name string) (*Stream, error) {",
                'func main() {\n\tctx, name := context.Background(), "cpu"',
            ),
            ("\t\treturn nil, err\n", "\t\treturn\n"),
            ("\treturn s, nil\n", "\ts.Record(1)\n"),
        ],
    ],
)
def test_a_guard_keeps_it_silent(edits: list[tuple[str, str]]) -> None:
    assert "GL009" not in codes_after(FIXTURE, *edits)
