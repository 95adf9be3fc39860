"""PAIR_DRAINED (drained_pairs.py): a helper's results and errors channels, read by a
loop that leaves only once the results are closed (`defer close`) or the error came
(sent as the producer's last act), never strand the producer's send (audit 22,
trufflehog's GCS lister). Each condition broken once brings GL007 back."""

from __future__ import annotations

import pytest

from .edited_fixtures import codes_after

FIXTURE = "GL007/fixed_pair_drained.go"


def test_the_fixture_is_silent() -> None:
    assert codes_after(FIXTURE) == []


@pytest.mark.parametrize(
    "edits",
    [
        # the loop also leaves when the context ends
        [
            (
                "\t\tcase err := <-errc:\n",
                "\t\tcase <-ctx.Done():\n\t\t\treturn out, ctx.Err()\n\t\tcase err := <-errc:\n",
            )
        ],
        # the error is sent before the producer's last act
        [
            (
                "\t\tif err := l.list(ctx, ch); err != nil {\n\t\t\terrc <- err\n\t\t}\n",
                "\t\tif err := l.list(ctx, ch); err != nil {\n\t\t\terrc <- err\n\t\t}\n\t\t_ = l.list(ctx, ch)\n",
            ),
        ],
        # the results are not closed at the end
        [("\t\tdefer close(ch)\n", "")],
        # an exported helper: callers outside the package are not seen
        [("objects(", "Objects(")],
        # the loop has a condition of its own, another way out
        [("\tfor {\n\t\tselect {", "\tfor len(out) < 2 {\n\t\tselect {")],
    ],
)
def test_a_broken_condition_brings_the_finding_back(edits: list[tuple[str, str]]) -> None:
    assert "GL007" in codes_after(FIXTURE, *edits)
