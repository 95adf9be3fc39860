"""refused_counts.py: a method that counts work in on a WaitGroup field (`p.pending.Add(1)`)
and returns an error without handing the work on or counting it out leaves every
`Wait` on the field waiting (blind dev p80, a mail pool's `Submit` refusing after
`StopAccepting`). Each guard broken once below keeps the fixture silent or brings the
finding back."""

from __future__ import annotations

import pytest

from .edited_fixtures import codes_after

FIXTURE = "GL015/refused_work.go"


def test_the_refusal_is_reported() -> None:
    assert codes_after(FIXTURE) == ["GL015"]


@pytest.mark.parametrize(
    "edits",
    [
        # COUNTED_FIRST: the Add under a branch
        [
            (
                "\tp.pending.Add(1)\n\tif p.closing.Load() {",
                "\tif job >= 0 {\n\t\tp.pending.Add(1)\n\t}\n\tif p.closing.Load() {",
            )
        ],
        # COUNTED_FIRST: another method adds to the field too
        [
            (
                "func (p *Pool) StopAccepting()",
                "func (p *Pool) Reserve() { p.pending.Add(1) }\n\nfunc (p *Pool) StopAccepting()",
            )
        ],
        # HANDS_ON_ITS_SUCCESS: no path hands the job on (a begin/end pair)
        [
            (
                "\tcase p.jobs <- job:\n\t\treturn nil\n",
                "\tcase j := <-p.jobs:\n\t\t_ = j\n\t\treturn nil\n",
            )
        ],
        # ERROR_REFUSAL: the refusal says nothing went wrong
        [("\t\treturn ErrClosed\n", "\t\treturn nil\n")],
        # NOTHING_BEFORE: a deferred release
        [("\tp.pending.Add(1)\n", "\tp.pending.Add(1)\n\tdefer func() {}()\n")],
        # NOTHING_BEFORE: a method of the receiver that counts out
        [
            ("\t\treturn ErrClosed\n", "\t\tp.release()\n\t\treturn ErrClosed\n"),
            (
                "func (p *Pool) StopAccepting()",
                "func (p *Pool) release() { p.pending.Done() }\n\nfunc (p *Pool) StopAccepting()",
            ),
        ],
    ],
)
def test_a_guard_keeps_it_silent(edits: list[tuple[str, str]]) -> None:
    assert "GL015" not in codes_after(FIXTURE, *edits)


@pytest.mark.parametrize("refusal", ['errors.New("closed")', 'fmt.Errorf("closed: %d", job)'])
def test_errors_made_in_place_refuse_too(refusal: str) -> None:
    codes = codes_after(
        FIXTURE,
        ("\t\treturn ErrClosed\n", f"\t\treturn {refusal}\n"),
        ('\t"errors"\n', '\t"errors"\n\t"fmt"\n'),
    )
    assert codes == ["GL015"]
