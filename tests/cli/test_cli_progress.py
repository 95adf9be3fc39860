"""The progress bar is drawn only on a terminal, and only for big runs."""

from __future__ import annotations

import io

from goleash.cli.progress import MIN_FILES, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_bar(stream, total: int) -> str:
    with Progress(total, stream) as bar:
        for _ in range(total):
            bar.advance()
    return stream.getvalue()


def test_bar_on_a_terminal_for_a_big_tree():
    out = run_bar(Terminal(), MIN_FILES)
    assert f"{MIN_FILES}/{MIN_FILES} files" in out
    assert out.endswith("\r\033[K")  # erased before the report is printed


def test_no_bar_for_a_small_tree():
    assert run_bar(Terminal(), MIN_FILES - 1) == ""


def test_no_bar_when_stderr_is_not_a_terminal():
    assert run_bar(io.StringIO(), MIN_FILES * 2) == ""


def test_check_draws_nothing_on_captured_stderr(goleash):
    run = goleash("check", ".")
    assert "\r" not in run.err
