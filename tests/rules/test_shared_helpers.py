"""The helpers rules share (goleash.gosyntax): one definition of "runs for the process's
lifetime" and of "how a local cancel or ticker is used", so GL012 and GL018 agree."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source

LOST_CANCEL = """package {pkg}

import (
	"context"
	"time"
)

func {func}() {{
	_, cancel := context.WithCancel(context.Background())
	if time.Now().IsZero() {{
		return
	}}
	cancel()
}}
"""

UNSTOPPED_TICKER = """package {pkg}

import "time"

func {func}() {{
	t := time.NewTicker(time.Second)
	if time.Now().IsZero() {{
		return
	}}
	t.Stop()
}}
"""


def _codes(template: str, pkg: str, func: str) -> list[str]:
    src = template.format(pkg=pkg, func=func).encode()
    return [f.code for f in analyze_source(src, "x.go").findings]


@pytest.mark.parametrize(
    ("template", "code"), [(LOST_CANCEL, "GL012"), (UNSTOPPED_TICKER, "GL018")]
)
def test_process_lifetime_means_init_or_main_of_package_main(template: str, code: str) -> None:
    assert _codes(template, "main", "main") == []
    assert _codes(template, "lib", "init") == []
    # `main` outside package main is an ordinary function: its early return leaks.
    assert _codes(template, "lib", "main") == [code]
    assert _codes(template, "lib", "run") == [code]


def test_a_cancel_or_ticker_handed_on_is_not_judged() -> None:
    cancel_stored = LOST_CANCEL.format(pkg="lib", func="run").replace(
        "\tcancel()\n", "\tcancel()\n\tkeep(cancel)\n"
    )
    src = cancel_stored + "\nfunc keep(f func()) {}\n"
    assert [f.code for f in analyze_source(src.encode(), "x.go").findings] == []
    ticks = UNSTOPPED_TICKER.format(pkg="lib", func="run").replace(
        "\tt.Stop()\n", "\t<-t.C\n\tt.Reset(time.Minute)\n"
    )
    # Reading the ticks and resetting them neither stop nor hand on the ticker.
    assert [f.code for f in analyze_source(ticks.encode(), "x.go").findings] == ["GL018"]
