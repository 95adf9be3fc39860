"""Adding an import the way gofmt would print it.

gofmt sorts the specs of each group (a run of lines without a blank line) of an
import block; we insert into the first group, at its sorted place. A lone
`import "fmt"` becomes a block; a file without imports gets one after the
package clause.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax
from goleash.model import TextEdit
from goleash.source import SourceFile


def _spec_path(spec: Node) -> str:
    p = spec.child_by_field_name("path")
    return gosyntax.text(p).strip('"`') if p is not None else ""


def imports(file: SourceFile, path: str) -> bool:
    """Is `path` imported under its own name (not `_`, not `.`, not renamed)?"""
    for decl in file.root.named_children:
        if decl.type != "import_declaration":
            continue
        for spec in _specs(decl):
            if _spec_path(spec) == path:
                name = spec.child_by_field_name("name")
                return name is None or gosyntax.text(name) == path.rsplit("/", 1)[-1]
    return False


def _specs(decl: Node) -> list[Node]:
    out = []
    for c in decl.named_children:
        if c.type == "import_spec":
            out.append(c)
        elif c.type == "import_spec_list":
            out.extend(s for s in c.named_children if s.type == "import_spec")
    return out


def ensure_import(file: SourceFile, path: str) -> TextEdit | None:
    """An edit adding `import "path"`, or None when it is already there."""
    if imports(file, path):
        return None
    decls = [d for d in file.root.named_children if d.type == "import_declaration"]
    quoted = f'"{path}"'
    if not decls:
        pkg = next((c for c in file.root.named_children if c.type == "package_clause"), None)
        if pkg is None:
            return None
        return TextEdit(pkg.end_byte, pkg.end_byte, f"\n\nimport {quoted}")
    decl = decls[0]
    block = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
    if block is None:
        spec = _specs(decl)[0]
        lines = sorted([file.text(spec), quoted], key=lambda s: s.split()[-1].strip('"`'))
        body = "\n".join("\t" + s for s in lines)
        return TextEdit(decl.start_byte, decl.end_byte, f"import (\n{body}\n)")
    specs = [s for s in block.named_children if s.type == "import_spec"]
    if not specs:
        return TextEdit(block.start_byte, block.end_byte, f"(\n\t{quoted}\n)")
    # The first group: specs on consecutive lines from the first one.
    group = [specs[0]]
    for s in specs[1:]:
        if s.start_point[0] != group[-1].end_point[0] + 1:
            break
        group.append(s)
    for s in group:
        if _spec_path(s) > path:
            line_start = file.line_starts[s.start_point[0]]
            return TextEdit(line_start, line_start, f"\t{quoted}\n")
    from goleash.fixes.layout import line_end

    at = line_end(file, group[-1].end_point[0])
    return TextEdit(at, at, f"\n\t{quoted}")
