"""The JSON and SARIF shapes of `goleash check`, and their positions."""

from __future__ import annotations

import io
import json

from goleash.cli.formats import CheckOutput, InputError, renderer
from goleash.cli.formats.positions import LineIndex
from goleash.model import (
    Applicability,
    Finding,
    Fix,
    Location,
    Point,
    Related,
    Severity,
    Span,
    TextEdit,
)
from goleash.rules import ALL_RULES

from .sarif_shape import check_sarif

WIDE = "unicode/wide.go"  # `/* é😋 */ _ = <-ch`: 2- and 4-byte characters before the leak


def test_json_fields(goleash, data):
    run = goleash("check", "--format", "json", "classic")
    assert run.code == 1
    [f] = run.json()
    source = (data / "classic" / "leaky.go").read_bytes()
    assert (f["code"], f["name"], f["severity"]) == ("GL003", "orphaned-goroutine", "warning")
    assert (f["path"], f["line"], f["column"], f["end_line"], f["end_column"]) == (
        "classic/leaky.go",
        6,
        7,
        6,
        11,
    )
    assert source[f["start_byte"] : f["end_byte"]] == b"<-ch"
    assert f["url"].endswith("#gl003-orphaned-goroutine")
    assert "leaky" in f["message"]
    related = {source[r["start_byte"] : r["end_byte"]]: r for r in f["related"]}
    assert set(related) == {b"go leaky(ch)", b"make(chan int)"}
    assert (related[b"go leaky(ch)"]["line"], related[b"go leaky(ch)"]["column"]) == (13, 3)
    assert all(r["path"] == "classic/leaky.go" and r["message"] for r in f["related"])
    assert isinstance(f["fixes"], list)
    for fix in f["fixes"]:
        assert fix["title"] and fix["applicability"] in {"safe", "unsafe", "display-only"}
        assert isinstance(fix["preferred"], bool) and fix["edits"]


def test_json_clean_is_an_empty_list(goleash):
    run = goleash("check", "--format", "json", "clean")
    assert (run.code, run.json()) == (0, [])


def test_text_and_json_columns_count_utf8_bytes(goleash):
    assert goleash("check", "--no-related", WIDE).out.startswith(f"{WIDE}:4:19: ")
    [f] = goleash("check", "--format", "json", WIDE).json()
    assert (f["line"], f["column"], f["end_column"]) == (4, 19, 23)


def test_sarif_shape_and_rules(goleash):
    run = goleash("check", "--format", "sarif", "classic", "siblings")
    assert run.code == 1
    log = run.json()
    check_sarif(log)
    sarif_run = log["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in ALL_RULES]
    gl003 = rules[[r["id"] for r in rules].index("GL003")]
    assert gl003["name"] == "orphaned-goroutine"
    assert gl003["helpUri"].endswith("#gl003-orphaned-goroutine")
    assert "## Fix safety" in gl003["help"]["markdown"]
    assert gl003["defaultConfiguration"]["level"] == "warning"
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == ["GL003", "GL003"]
    first = results[0]
    assert first["level"] == "warning"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "classic/leaky.go", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 6, "startColumn": 7, "endLine": 6, "endColumn": 11}
    texts = [r["message"]["text"] for r in first["relatedLocations"]]
    assert any("started" in t for t in texts) and any("made" in t for t in texts)
    # The goroutine's body lives in another file of the package.
    uris = {
        r["physicalLocation"]["artifactLocation"]["uri"] for r in results[1]["relatedLocations"]
    }
    assert "siblings/worker.go" in uris
    assert sarif_run["invocations"][0]["executionSuccessful"] is True


def test_sarif_columns_are_utf16(goleash):
    log = goleash("check", "--format", "sarif", WIDE).json()
    check_sarif(log)
    assert log["runs"][0]["columnKind"] == "utf16CodeUnits"
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    # tab + "/* " + é (1 unit) + 😋 (2 units) + " */ _ = " = 15 units before `<-ch`
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (4, 16, 20)


def test_sarif_uris_follow_root(goleash, data):
    log = goleash("check", "--format", "sarif", "--root", "..", "classic").json()
    check_sarif(log)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "data/classic/leaky.go", "uriBaseId": "%SRCROOT%"}
    assert (
        log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        == data.parent.resolve().as_uri() + "/"
    )
    # A file outside the root gets an absolute URI.
    log = goleash("check", "--format", "sarif", "--root", "clean", "classic").json()
    check_sarif(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == (data / "classic" / "leaky.go").resolve().as_uri()


def test_sarif_reports_input_errors(goleash, tmp_path):
    (tmp_path / "bad.go").write_bytes(b"package main\xff\n")
    run = goleash("check", "--format", "sarif", ".", cwd=tmp_path)
    assert run.code == 2
    log = run.json()
    check_sarif(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert "not valid UTF-8" in note["message"]["text"]


def synthetic_output() -> CheckOutput:
    """A finding with a fix, as the fix builders produce them, in a file with wide characters."""
    src = "package p\n\n// note\nfunc f() { /* é😋 */ ch := make(chan int) }\n".encode()
    start = src.index(b"make")
    end = src.index(b")", start) + 1
    insert = end - 1
    line = 3
    col = start - src.index(b"func")
    span = Span(start, end, Point(line, col), Point(line, col + end - start))
    finding = Finding(
        "GL001",
        "x",
        "m",
        Location("p.go", span),
        Severity.ERROR,
        related=(Related(Location("p.go", span), "made here"),),
        fixes=(
            Fix(
                "buffer the channel", (TextEdit(insert, insert, ", 1"),), Applicability.UNSAFE, True
            ),
        ),
    )
    return CheckOutput([finding], [InputError("q.go", "not valid UTF-8")], {"p.go": src})


def test_fixes_in_json_and_sarif():
    out = synthetic_output()
    insert = out.sources["p.go"].index(b"int)") + 3
    buf = io.StringIO()
    renderer("json")(out, buf)
    [f] = json.loads(buf.getvalue())
    [fix] = f["fixes"]
    assert fix == {
        "title": "buffer the channel",
        "applicability": "unsafe",
        "preferred": True,
        # Byte columns: 30 ASCII bytes plus 12 for `/* é😋 */ ` before the insertion point.
        "edits": [
            {
                "path": "p.go",
                "line": 4,
                "column": 44,
                "end_line": 4,
                "end_column": 44,
                "start_byte": insert,
                "end_byte": insert,
                "new_text": ", 1",
            }
        ],
    }
    buf = io.StringIO()
    renderer("sarif")(out, buf)
    log = json.loads(buf.getvalue())
    check_sarif(log)
    [result] = log["runs"][0]["results"]
    assert result["level"] == "error"
    [sfix] = result["fixes"]
    assert sfix["description"]["text"] == "buffer the channel"
    [rep] = sfix["artifactChanges"][0]["replacements"]
    # UTF-16: é is one code unit and 😋 two, so 40 units precede the insertion.
    assert rep == {
        "deletedRegion": {"startLine": 4, "startColumn": 41, "endLine": 4, "endColumn": 41},
        "insertedContent": {"text": ", 1"},
    }


def test_line_index_utf16():
    idx = LineIndex("ab\n\té😋x\n".encode())
    point = idx.point(len("ab\n\té😋".encode()))
    assert point == Point(1, 1 + 2 + 4)
    pos = idx.position(point)
    assert (pos.line, pos.column, pos.utf16_column) == (2, 8, 5)


def test_real_fixes_reach_json_and_sarif(goleash, data):
    from goleash.rules import get

    [f] = goleash("check", "--format", "json", "classic").json()
    assert bool(f["fixes"]) == get("GL003").fixable, (
        "the fixes in the JSON disagree with Rule.fixable"
    )
    source = (data / "classic" / "leaky.go").read_bytes()
    lines = source.split(b"\n")
    for edit in f["fixes"][0]["edits"]:
        line_start = sum(len(x) + 1 for x in lines[: edit["line"] - 1])
        assert line_start + edit["column"] - 1 == edit["start_byte"]
    [result] = goleash("check", "--format", "sarif", "classic").json()["runs"][0]["results"]
    assert [x["description"]["text"] for x in result["fixes"]] == [x["title"] for x in f["fixes"]]
