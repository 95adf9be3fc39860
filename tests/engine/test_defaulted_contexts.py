"""defaulted_contexts.py: a goroutine of a type with `Close` whose loop ends only when a
context field is done, the package's default for it being `context.Background()` (blind
dev p81, a feature-flag client). Each guard broken once keeps it silent."""

from __future__ import annotations

import pytest

from .edited_fixtures import codes_after, findings_after

FIXTURE = "GL009/defaulted_context.go"


def test_the_defaulted_context_is_reported() -> None:
    assert codes_after(FIXTURE) == ["GL009"]


@pytest.mark.parametrize(
    "edits",
    [
        # ROOT_BY_DEFAULT: the default is the caller's context
        [
            (
                "func NewPoller(read func() int,",
                "func NewPoller(ctx context.Context, read func() int,",
            ),
            ("options{ctx: context.Background(),", "options{ctx: ctx,"),
        ],
        # ... or the package derives a cancellable one from it
        [
            ("\tp := &Poller{", "\to.ctx, _ = context.WithCancel(o.ctx)\n\tp := &Poller{"),
        ],
        # ... or the option stores something the model does not follow
        [("o.ctx = ctx }", "o.ctx = derive(ctx) }")],
        # HOLDER_TYPED: the root default is another type's field of the same name
        [
            ("o := options{ctx: context.Background(),", "o := options{"),
            (
                "// Close releases",
                "type probe struct{ ctx context.Context }\n\nvar _ = probe{ctx: context.Background()}\n\n// Close releases",
            ),
        ],
        # ONLY_THE_CONTEXT: the loop has another way out
        [
            (
                "\t\tcase <-t.C:\n",
                "\t\tcase _, ok := <-t.C:\n\t\t\tif !ok {\n\t\t\t\treturn\n\t\t\t}\n",
            )
        ],
        # STOP_PROMISED: no stopping method
        [("func (p *Poller) Close()", "func (p *Poller) Reset()")],
    ],
)
def test_a_guard_keeps_it_silent(edits: list[tuple[str, str]]) -> None:
    assert "GL009" not in codes_after(FIXTURE, *edits)


def test_a_context_no_option_replaces_is_said_to_never_end() -> None:
    findings = findings_after(
        FIXTURE,
        (
            "func WithContext(ctx context.Context) Option { return func(o *options) { o.ctx = ctx } }",
            "",
        ),
    )
    assert [f.code for f in findings] == ["GL009"]
    assert "`context.Background()` and never ends" in findings[0].message
    assert "when made with the defaults" not in findings[0].message
