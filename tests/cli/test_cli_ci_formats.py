"""github, gitlab, checkstyle and junit reports, checked against their documented shapes."""

from __future__ import annotations

import json

import pytest

from goleash.cli.formats import CheckOutput, InputError, renderer
from goleash.cli.formats.github import command
from goleash.model import Finding, Location, Severity, Span

from .ci_shapes import check_checkstyle, check_gitlab, check_junit, parse_github


def _json(goleash, *paths):
    return goleash("check", "--output-format", "json", *paths).json()


def test_github_annotations(goleash):
    run = goleash("check", "--output-format", "github", "classic", "siblings")
    assert run.code == 1
    annotations = parse_github(run.out)
    expected = _json(goleash, "classic", "siblings")
    assert len(annotations) == len(expected) == 2
    for a, f in zip(annotations, expected):
        assert a["level"] == "warning" and a["file"] == f["path"]
        assert (int(a["line"]), int(a["endLine"])) == (f["line"], f["end_line"])
        assert a["message"] == f"{f['message']} ({f['code']})"
        assert a["title"] == f"goleash {f['code']} {f['name']}"


def test_github_escaping_round_trips():
    line = command("error", "50% done\nnext: a, b", file="a,b:c.go", title="x")
    assert "\n" not in line
    [parsed] = parse_github(line)
    assert parsed["message"] == "50% done\nnext: a, b" and parsed["file"] == "a,b:c.go"


def test_github_severity_levels_and_input_errors(goleash, tmp_path, data):
    import shutil

    shutil.copytree(data / "classic", tmp_path / "classic")
    (tmp_path / "bad.go").write_bytes(b"\xff\xfe")
    run = goleash(
        "check",
        "--output-format",
        "github",
        "--severity",
        "GL003=error",
        "classic",
        "bad.go",
        cwd=tmp_path,
    )
    annotations = parse_github(run.out)
    assert [a["level"] for a in annotations] == ["error", "error"]
    assert annotations[1]["file"] == "bad.go" and "not valid UTF-8" in annotations[1]["message"]
    run = goleash("check", "--output-format", "github", "--severity", "GL003=hint", "classic")
    assert [a["level"] for a in parse_github(run.out)] == ["notice"]


def test_gitlab_code_quality(goleash):
    run = goleash("check", "--output-format", "gitlab", "classic", "siblings", "unicode")
    report = json.loads(run.out)
    check_gitlab(report)
    expected = _json(goleash, "classic", "siblings", "unicode")
    assert [
        (i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in report
    ] == [(f["path"], f["line"], f["code"]) for f in expected]
    assert {i["severity"] for i in report} == {"major"}
    # Stable: the same code gives the same fingerprints on the next run.
    again = json.loads(
        goleash("check", "--output-format", "gitlab", "classic", "siblings", "unicode").out
    )
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in report]


def test_gitlab_fingerprints_survive_lines_moving_and_stay_unique(goleash, tmp_path):
    leak = "package p\n\nfunc a(ch chan int) { <-ch }\n\nfunc S() {\n\tch := make(chan int)\n\tgo a(ch)\n}\n"
    f = tmp_path / "p.go"
    f.write_text(leak)
    before = json.loads(goleash("check", "--output-format", "gitlab", cwd=tmp_path).out)
    f.write_text("// a comment that moves everything down\n" + leak)
    after = json.loads(goleash("check", "--output-format", "gitlab", cwd=tmp_path).out)
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert after[0]["location"]["lines"]["begin"] == before[0]["location"]["lines"]["begin"] + 1
    twice = tmp_path / "twice.go"
    twice.write_text(
        "package q\n\nfunc a(ch chan int) { <-ch }\n\nfunc S() {\n\tch := make(chan int)\n\tgo a(ch)\n}\n\nfunc T() {\n\tch := make(chan int)\n\tgo a(ch)\n}\n"
    )
    check_gitlab(
        json.loads(goleash("check", "--output-format", "gitlab", "twice.go", cwd=tmp_path).out)
    )


def test_checkstyle(goleash):
    run = goleash("check", "--output-format", "checkstyle", "classic", "siblings")
    root = check_checkstyle(run.out)
    expected = _json(goleash, "classic", "siblings")
    errors = [
        (file.get("name"), int(e.get("line")), int(e.get("column")), e.get("source"))
        for file in root
        for e in file
    ]
    assert errors == [(f["path"], f["line"], f["column"], f"goleash.{f['code']}") for f in expected]


def test_junit_with_findings_errors_and_clean(goleash, tmp_path):
    bad = tmp_path / "bad.go"
    bad.write_text("not go")
    run = goleash("check", "--output-format", "junit", "classic", "siblings", str(bad))
    root = check_junit(run.out)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "1")
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("type") == "GL003" and failure.text.startswith("classic/leaky.go:6:7: ")
    clean = check_junit(goleash("check", "--output-format", "junit", "clean").out)
    assert (clean.get("tests"), clean.get("failures")) == ("1", "0")


@pytest.mark.parametrize("name", ["github", "gitlab", "checkstyle", "junit"])
def test_awkward_text_survives_each_format(name, tmp_path):
    import io

    path = str(tmp_path / 'we<ird>,"name":x.go')
    data = b"package p\n"
    f = Finding(
        "GL003",
        "orphaned-goroutine",
        'a <message> with "quotes", 100% & a\nnewline',
        Location(path, _span()),
        Severity.WARNING,
    )
    out = io.StringIO()
    renderer(name)(
        CheckOutput([f], [InputError(path, "cannot read & <fail>")], {path: data}, str(tmp_path)),
        out,
    )
    text = out.getvalue()
    if name == "github":
        parsed = parse_github(text)
        assert parsed[0]["message"].startswith('a <message> with "quotes", 100% & a\nnewline')
        assert parsed[0]["file"] == 'we<ird>,"name":x.go'
    elif name == "gitlab":
        check_gitlab(json.loads(text))
    elif name == "checkstyle":
        root = check_checkstyle(text)
        assert root.find("file").get("name") == 'we<ird>,"name":x.go'
    else:
        check_junit(text)


def _span():
    from goleash.model import Point

    return Span(0, 7, Point(0, 0), Point(0, 7))


def test_several_reports_in_one_run(goleash, tmp_path):
    sarif = tmp_path / "goleash.sarif"
    junit = tmp_path / "junit.xml"
    run = goleash(
        "check",
        "--output-format",
        f"sarif={sarif}",
        "--output-format",
        f"junit={junit}",
        "--output-format",
        "github",
        "classic",
    )
    assert run.code == 1
    assert len(parse_github(run.out)) == 1
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == "GL003"
    check_junit(junit.read_text())


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["--output-format", "text", "--output-format", "json"],
            "only one report can go to stdout",
        ),
        (["--output-format", "yaml"], "unknown output format 'yaml'"),
        (["--output-format", "sarif="], "a file name must follow"),
        (["--output-format", "json=a", "--output-format", "sarif=a"], "same file"),
    ],
)
def test_output_format_mistakes(goleash, args, words):
    run = goleash("check", *args, "classic")
    assert run.code == 2 and words in run.err


def test_old_format_and_output_file_spellings_still_work(goleash, tmp_path):
    out = tmp_path / "r.json"
    run = goleash("check", "--format", "json", "-o", str(out), "classic")
    assert run.code == 1 and run.out == "" and json.loads(out.read_text())[0]["code"] == "GL003"
