"""Build a rule's view of an inline Go snippet, to call fix builders directly."""

from __future__ import annotations

from goleash import parsing
from goleash.analysis.package import Package
from goleash.fixes import apply_edits
from goleash.rules.base import Context
from goleash.source import SourceFile

from .gotools import gofmt_diff, have_gofmt


def go(src: str) -> bytes:
    """Go source written inside a Python string: the spaces that indent it in the test
    are removed, the tabs that indent the Go code stay."""
    lines = src.lstrip("\n").split("\n")
    margin = min((len(ln) - len(ln.lstrip(" ")) for ln in lines if ln.strip()), default=0)
    return "\n".join(ln[margin:] for ln in lines).rstrip(" ").encode()


def context(src: bytes, path: str = "snippet.go", siblings=()) -> Context:
    file = SourceFile(path, src)
    return Context(file, Package(file, siblings))


def nodes(ctx: Context, query: str, name: str = "n") -> list:
    return sorted(parsing.captures(query, ctx.file.root).get(name, []), key=lambda n: n.start_byte)


def node(ctx: Context, query: str, index: int = 0):
    found = nodes(ctx, query)
    assert len(found) > index, f"no match #{index} for {query}"
    return found[index]


def channel(ctx: Context, name: str):
    return next(c for c in ctx.channels if c.name == name)


def applied(ctx: Context, fix) -> str:
    """The fixed source; asserts it parses and is gofmt-clean (when gofmt is installed)."""
    assert fix is not None, "no fix was built"
    out = apply_edits(ctx.file.data, fix.edits)
    tree = parsing.parse(out)
    assert not tree.root_node.has_error, out.decode()
    if have_gofmt():
        diff = gofmt_diff(out)
        assert not diff, diff
    return out.decode()
