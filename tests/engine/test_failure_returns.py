"""FAILURE_RETURN (analysis/failure_returns.py): which `return`s surely hand back an
error, and GL017's PREVIEW_BEHAVIOUR built on it: by default it reports a mutex left
held only on such a return, with preview on on every way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash import gosyntax, parsing
from goleash.analysis.failure_returns import returns_a_failure
from goleash.engine import analyze
from goleash.project.resolve import Overrides, effective_settings
from goleash.source import SourceFile

FIXTURE = Path(__file__).parents[1] / "rules" / "testdata" / "GL017" / "failure_return.go"


def _verdict(results: str, body: str) -> bool:
    src = (
        'package p\n\nimport (\n\t"errors"\n\t"fmt"\n)\n\n'
        f'var ErrGone = errors.New("gone")\n\nfunc f(ctx ctxLike, err error) {results} {{\n{body}\n}}\n'
        "\nvar _ = fmt.Sprint\n"
    ).encode()
    tree = parsing.parse(src)
    func = next(n for n in gosyntax.walk(tree.root_node) if n.type == "function_declaration")
    ret = next(n for n in gosyntax.walk(func) if n.type == "return_statement")
    return returns_a_failure(ret, func)


@pytest.mark.parametrize(
    ("results", "body"),
    [
        ("error", "\treturn ErrGone"),
        ("error", "\treturn errGone"),
        ("(int, error)", "\treturn 0, io.ErrUnexpectedEOF"),
        ("error", '\treturn errors.New("x")'),
        ("(string, error)", '\treturn "", fmt.Errorf("no %d", 1)'),
        ("error", "\tif err != nil {\n\t\treturn err\n\t}\n\treturn nil"),
        ("error", '\tif err != nil {\n\t\treturn errors.Wrap(err, "x")\n\t}\n\treturn nil'),
        ("error", "\treturn &QuotaError{Limit: 3}"),
        ("error", "\treturn newLimitError(3)"),
        ("(int, error)", "\treturn /* gone */ 0, ErrGone"),  # a comment before the values
        ("(int, error)", "\treturn 0, ErrGone // gone"),
        # NON_NIL_TESTS: a tagless switch's case, `errors.Is` and `errors.As`
        ("error", "\tswitch {\n\tcase err != nil:\n\t\treturn err\n\t}\n\treturn nil"),
        (
            "(int, error)",
            "\tswitch {\n\tcase errors.Is(err, ErrGone):\n\t\treturn 1, err\n\t}\n\treturn 0, nil",
        ),
        ("error", "\tif errors.As(err, &target) {\n\t\treturn err\n\t}\n\treturn nil"),
    ],
)
def test_sure_failures(results: str, body: str) -> None:
    assert _verdict(results, body)


@pytest.mark.parametrize(
    ("results", "body"),
    [
        ("error", "\treturn nil"),
        ("(int, error)", "\treturn 1, nil"),
        ("error", "\treturn err"),  # not tested: may be nil
        ("error", "\tswitch err {\n\tcase ErrGone:\n\t\treturn nil\n\t}\n\treturn err"),
        ("error", "\tswitch {\n\tcase errors.Is(err, nil):\n\t\treturn err\n\t}\n\treturn nil"),
        ("error", "\tswitch {\n\tcase err == nil:\n\tdefault:\n\t\treturn err\n\t}\n\treturn nil"),
        ("error", "\treturn ctx.Err()"),  # nil while the context is live
        ("error", "\treturn rows.Err()"),
        ("error", "\treturn result.ErrorOrNil()"),
        ("error", '\treturn errors.Wrap(err, "x")'),  # nil when err is
        ("error", "\treturn s.flush()"),
        ("(n int, err error)", "\treturn"),  # naked: not read
        ("bool", "\treturn false"),
        ("", "\treturn"),
    ],
)
def test_not_sure_failures(results: str, body: str) -> None:
    assert not _verdict(results, body)


def _findings(preview: bool) -> list[str]:
    settings = effective_settings(None, Overrides(preview=preview), str(FIXTURE))
    report = analyze(SourceFile(str(FIXTURE), FIXTURE.read_bytes()), (), settings)
    return sorted(f.message.split(" returns at ")[0] for f in report.findings if f.code == "GL017")


def test_gl017_reports_failure_returns_by_default() -> None:
    assert _findings(preview=False) == [
        "`s.mu` stays locked when `Put`",
        "`s.mu` stays locked when `Take`",
    ]


def test_gl017_reports_every_way_out_in_preview() -> None:
    assert _findings(preview=True) == [
        "`s.mu` stays locked when `Peek`",
        "`s.mu` stays locked when `Put`",
        "`s.mu` stays locked when `Take`",
    ]
