"""bench/realistic_recall.py keeps working: how it reads markers, and its report's shape.
(Its figures are a measurement, not something a test may pin.)"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from tests.realistic.corpus import CORPUS, Marker, programs

SCRIPT = CORPUS.parent / "realistic_recall.py"


def load():
    spec = importlib.util.spec_from_file_location("realistic_recall", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_marker_on_a_select_covers_the_whole_statement(tmp_path: Path):
    go = tmp_path / "x.go"
    go.write_text(
        "package x\n"
        "func f(a, b chan int) {\n"
        "\tselect { // leak: neither comes\n"
        "\tcase <-a:\n"
        "\t\tif true {\n"
        "\t\t}\n"
        "\tcase b <- 1:\n"
        "\t}\n"
        "\ta <- 2 // leak: nobody receives\n"
        "}\n"
    )
    recall = load()
    assert recall.marked_lines(Marker(go, 3)) == {3, 4, 5, 6, 7, 8}
    assert recall.marked_lines(Marker(go, 9)) == {9}


def test_report_has_a_row_per_program_and_totals_per_set(capsys):
    recall = load()
    assert recall.main(["--set", "dev"]) == 0
    out = capsys.readouterr().out
    dev = programs("dev")
    for p in dev:
        assert re.search(
            rf"^{re.escape(p.name)}\s+(yes|NO|elsewhere)\s+(yes|NO)\s+(yes|NO|elsewhere)\s+(yes|NO)$",
            out,
            re.M,
        ), p.name
    for label in ("default", "--preview"):
        assert re.search(
            rf"^dev total \({label}\): leaks found \d+/{len(dev)}, fixed twins silent \d+/{len(dev)}",
            out,
            re.M,
        )
    assert "holdout" not in out


def test_a_bad_set_is_refused_with_a_message(capsys):
    recall = load()
    with pytest.raises(SystemExit) as exit:
        recall.main(["--set", "everything"])
    assert exit.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
