"""Every builder on every place it could apply in real Go code: Go's own standard
library. Whatever a builder produces must parse and be gofmt-clean, whatever the
surrounding layout (one-line blocks, aligned comments, multi-line operands...).

The way out is forced (`ctx`), so the layout code runs on every send, receive and
select, not only where a context happens to be in scope.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from goleash import parsing
from goleash.analysis.package import Package
from goleash.fixes import (
    apply_edits,
    buffer_channel,
    close_after_wait,
    close_in_producer,
    defer_close,
    defer_stop,
    insert_return_after,
    make_nil_channel,
    stop_channel,
    suppression_edit,
)
from goleash.fixes.align import with_aligned_comments
from goleash.fixes.scope import WayOut
from goleash.fixes.select_fixes import done_case_edit, select_edit
from goleash.model import Finding, Location, Severity, Span
from goleash.rules.base import Context
from goleash.source import SourceFile

from .gotools import gofmt_diff, have_go

PACKAGES = (
    "context",
    "net/http",
    "os/exec",
    "os/signal",
    "sync",
    "testing",
    "time",
    "runtime/pprof",
    "database/sql",
    "log/syslog",
)
WAY = WayOut("ctx.Done()", "ctx.Err()")
QUERY = """
(send_statement) @send
(unary_expression operator: "<-") @recv
(select_statement) @select
(short_var_declaration) @assign
(var_spec) @var
"""


def _goroot() -> Path | None:
    if not have_go():
        return None
    p = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, timeout=30)
    return Path(p.stdout.strip()) if p.returncode == 0 else None


def _files() -> list[Path]:
    root = _goroot()
    if root is None:
        return []
    out = []
    for pkg in PACKAGES:
        out.extend(sorted(p for p in (root / "src" / pkg).glob("*.go") if p.is_file()))
    return out


def _candidates(ctx: Context):
    """(what, edits or Fix) for every builder at every place it could apply."""
    caps = parsing.captures(QUERY, ctx.file.root)
    for n in caps.get("send", []) + caps.get("recv", []):
        built = select_edit(ctx, n, WAY)
        if built:
            yield "wrap", [built[0]]
        lit = next((a for a in _ancestors(n) if a.type == "func_literal"), None)
        if lit is not None:
            yield "stop channel", stop_channel(ctx, n, lit)
    for n in caps.get("send", []):
        yield "return after", insert_return_after(ctx, n)
    for n in caps.get("select", []):
        built = done_case_edit(ctx, n, WAY)
        if built:
            yield "done case", [built[0]]
    for ch in ctx.channels:
        yield "buffer", buffer_channel(ctx, ch, "1")
        yield "defer close", defer_close(ctx, ch)
        yield "close in producer", close_in_producer(ctx, ch)
        yield "close after wait", close_after_wait(ctx, ch)
    for n in caps.get("assign", []):
        if b"time.NewTicker" in n.text or b"time.NewTimer" in n.text:
            yield (
                "defer stop",
                defer_stop(ctx, n, n.child_by_field_name("left").named_children[0].text.decode()),
            )
    for n in caps.get("var", []):
        yield "make", make_nil_channel(ctx, n)
    for n in caps.get("send", []):
        finding = Finding("GL003", "x", "m", Location(ctx.file.path, Span.of(n)), Severity.WARNING)
        edit = suppression_edit(ctx.file, finding)
        if edit is not None:
            yield "suppress", [edit]


def _ancestors(n):
    n = n.parent
    while n is not None:
        yield n
        n = n.parent


FILES = _files()
MAX_BYTES = 60_000  # bigger files cost time without adding shapes


@pytest.mark.skipif(not FILES, reason="go not installed (.ci/run installs golang-go)")
@pytest.mark.timeout(600)
def test_every_builder_on_the_standard_library_stays_parseable_and_gofmt_clean(tmp_path):
    tried = 0
    problems = []
    written: dict[str, str] = {}
    for path in FILES:
        data = path.read_bytes()
        if len(data) > MAX_BYTES:
            continue
        file = SourceFile(str(path), data)
        if file.root.has_error or file.is_generated:
            continue
        ctx = Context(file, Package(file))
        for what, built in _candidates(ctx):
            if built is None:
                continue
            edits = (
                list(built.edits) if hasattr(built, "edits") else with_aligned_comments(data, built)
            )
            out = apply_edits(data, edits)
            tried += 1
            if parsing.parse(out).root_node.has_error:
                problems.append(f"{path}: {what}: does not parse")
                continue
            name = f"f{tried:05d}.go"
            (tmp_path / name).write_bytes(out)
            written[name] = f"{path}: {what}"
    # One gofmt over everything: it lists the files it would change.
    listed = subprocess.run(
        ["gofmt", "-l", str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert listed.returncode == 0, listed.stderr
    for line in listed.stdout.split():
        name = Path(line).name
        problems.append(
            f"{written[name]}: not gofmt-clean\n{gofmt_diff((tmp_path / name).read_bytes())[:1500]}"
        )
    assert tried > 300, f"only {tried} fixes built: the corpus did not exercise the builders"
    assert not problems, f"{len(problems)} of {tried}:\n" + "\n".join(problems[:10])
