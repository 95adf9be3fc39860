"""EXAMPLES_NEVER_RUN: `go test` compiles an `Example...` function of a test file but
runs it only when it ends with an `// Output:` (or `// Unordered output:`) comment.
One without is documentation that is never executed (a snippet ending in `// ...`
where the rest of a program would go), so what it starts never runs either: nothing
found inside it is reported. Trade-off: an example run by hand (`go run` of a copy)
is not looked at; one with an output comment is judged like any test.
"""

from __future__ import annotations

import re

from goleash.analysis.package import is_test_file
from goleash.source import SourceFile

OUTPUT_COMMENT = re.compile(rb"//[ \t]*(?:Unordered output|Output):", re.IGNORECASE)


def unrun_examples(file: SourceFile) -> list[tuple[int, int]]:
    """The byte ranges of the file's `Example` functions that `go test` never runs."""
    if not is_test_file(file.path) or b"func Example" not in file.data:
        return []
    out = []
    for top in file.root.named_children:
        if top.type != "function_declaration":
            continue
        name = top.child_by_field_name("name")
        if name is None or not (name.text or b"").startswith(b"Example"):
            continue
        if OUTPUT_COMMENT.search(top.text or b"") is None:
            out.append((top.start_byte, top.end_byte))
    return out
