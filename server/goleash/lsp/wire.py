"""Diagnostics as JSON text for `publishDiagnostics`, re-based on each publish, not rebuilt.

Every change gets a versioned publish with every diagnostic of the document (clients
move their markers by it), and on a leak-dense file that is 150 of them per
keystroke. Converting each one through lsprotocol and serialising it again would
cost more than the analysis. So each diagnostic is kept as a template: its JSON
text with holes for its rows in this document, relative to the finding's first
row, and for its wording. A finding that only moved up or down (Enter above it,
or its declaration carried over an edit) has the same template: the publish
fills in the new rows and the wording as the finding has it now (its cited lines
counted anew by the engine), nothing converted again. The very finding object of
the last publish reuses its text as it is.

What a template depends on is its key: the rule, severity and places of the
finding relative to its first row, and the text before each column when the
document is not ASCII (a column in UTF-16 code units depends on it). A filled
template is exactly the JSON of the diagnostic `to_diagnostic` would build.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace

from goleash.lsp.positions import UTF8, LineIndex
from goleash.model import Finding, Related, Span

# A hole is a JSON string in the template's text: "\u0000R<n>\u0000" a row (n relative to
# the base row), "\u0000M<n>\u0000" the n-th wording (the message, then each related
# note's). NUL never occurs in Go source (compilers reject it), nor in a path or a rule
# code; wording, which may quote anything, is never in a template's text.
_OPEN, _CLOSE = '"\\u0000', '\\u0000"'
_ROW, _WORDING = "R", "M"

JsonReady = dict
Build = Callable[[Finding], JsonReady]  # the diagnostic of a finding, JSON-ready


class Template:
    """A diagnostic's JSON text with holes for its rows and wording."""

    __slots__ = ("holes", "format")

    def __init__(self, text: str) -> None:
        first, *rest = text.split(_OPEN)
        texts = [first]
        self.holes: list[tuple[str, int]] = []
        for part in rest:
            hole, after = part.split(_CLOSE, 1)
            self.holes.append((hole[0], int(hole[1:])))
            texts.append(after)
        # The text around the holes as a %-format: filled in one call (a line break
        # above a hundred findings fills a hundred of these).
        self.format = "%s".join(t.replace("%", "%%") for t in texts)

    def fill(self, base: int, wording: Sequence[str], encoded: dict[str, str] | None = None) -> str:
        """The text with its rows counted from `base` and `wording` in its holes
        (`encoded`: JSON strings of wordings already met, filled in as they are met)."""
        values: list[int | str] = []
        for kind, n in self.holes:
            if kind == _ROW:
                values.append(base + n)
                continue
            words = wording[n]
            quoted = encoded.get(words) if encoded is not None else None
            if quoted is None:
                quoted = json.dumps(words)
                if encoded is not None:
                    encoded[words] = quoted
            values.append(quoted)
        return self.format % tuple(values)


class WireDiagnostics:
    """One document's diagnostics as JSON text, kept from one publish to the next."""

    def __init__(self) -> None:
        # id of a finding published last time -> (the finding, encoding, its text, and
        # what it was filled from: template key, base row, wording)
        self._ids: dict[int, tuple[Finding, str, str, _Filled]] = {}
        self._templates: dict[tuple, Template] = {}
        # (template key, base row, wording) -> the text filled in last time: a finding
        # that moved only along its bytes (a comment typed above it: a new object,
        # the same rows, columns and wording) is published as the same text.
        self._filled: dict[_Filled, str] = {}
        # Each wording's JSON string (a line break moves every finding below it: its
        # rows are filled in again, its wording is not encoded again).
        self._encoded: dict[str, str] = {}

    def pieces(
        self,
        findings: list[Finding],
        index: LineIndex,
        encoding: str,
        uri_of: Callable[[str], str],
        build: Build,
    ) -> list[str]:
        """The JSON text of each finding's diagnostic, in order."""
        previous_ids, previous_templates = self._ids, self._templates
        previous_filled, previous_encoded = self._filled, self._encoded
        ids: dict[int, tuple[Finding, str, str, _Filled]] = {}
        templates: dict[tuple, Template] = {}
        filled: dict[_Filled, str] = {}
        encoded: dict[str, str] = {}
        out = []
        # Columns of an ASCII text are its bytes' (the common case): no text to compare.
        ascii_only = encoding == UTF8 or index.data.isascii()
        for f in findings:
            hit = previous_ids.get(id(f))
            if hit is not None and hit[0] is f and hit[1] == encoding:
                text, made = hit[2], hit[3]
                key, _, wording = made
            else:
                base = f.span.start.row
                key = _key(f, base, index.data, encoding, ascii_only)
                wording = (f.message, *(r.message for r in f.related))
                made = (key, base, wording)
                text = previous_filled.get(made)  # type: ignore[assignment]
                if text is None:
                    template = templates.get(key) or previous_templates.get(key)
                    if template is None:
                        template = Template(_dumps(_with_holes(build, f, base, uri_of)))
                    templates[key] = template
                    for words in wording:
                        if words not in encoded and words in previous_encoded:
                            encoded[words] = previous_encoded[words]
                    text = template.fill(base, wording, encoded)
            # What this text was made from is kept for the next publish, which re-bases
            # from it (a finding above the edit now may be below the next one).
            if key not in templates and key in previous_templates:
                templates[key] = previous_templates[key]
            filled[made] = text
            for words in wording:
                if words not in encoded and words in previous_encoded:
                    encoded[words] = previous_encoded[words]
            ids[id(f)] = (f, encoding, text, made)
            out.append(text)
        # Only what this publish used is kept.
        self._ids, self._templates = ids, templates
        self._filled, self._encoded = filled, encoded
        return out


# What a diagnostic's text is filled from: its template's key, its first row, its wording.
_Filled = tuple[tuple, int, tuple[str, ...]]


def _dumps(data: JsonReady) -> str:
    return json.dumps(data, separators=(",", ":"))


def _key(f: Finding, base: int, data: bytes, encoding: str, ascii_only: bool) -> tuple:
    """What the finding's diagnostic is, but for where its first row is and its wording."""

    def place(span: Span) -> tuple:
        s, e = span.start, span.end
        if ascii_only:
            return (s.row - base, s.column, e.row - base, e.column)
        before_start = data[span.start_byte - s.column : span.start_byte]
        before_end = data[span.end_byte - e.column : span.end_byte]
        return (
            s.row - base,
            s.column,
            None if before_start.isascii() else before_start,
            e.row - base,
            e.column,
            None if before_end.isascii() else before_end,
        )

    related = tuple(
        (r.location.path, place(r.location.span))
        if r.location.path == f.path
        else (r.location.path, r.location.span)
        for r in f.related
    )
    return (encoding, f.code, f.severity, place(f.span), related)


def _with_holes(build: Build, f: Finding, base: int, uri_of: Callable[[str], str]) -> JsonReady:
    """The JSON-ready diagnostic of `f` with holes for its wording and its rows in this
    document (relative to `base`)."""
    holes = replace(
        f,
        message=_hole(_WORDING, 0),
        related=tuple(Related(r.location, _hole(_WORDING, i + 1)) for i, r in enumerate(f.related)),
    )
    data = build(holes)
    _range_with_holes(data["range"], base)
    own = uri_of(f.path)
    for info in data.get("relatedInformation") or ():
        location = info["location"]
        if location["uri"] == own:
            _range_with_holes(location["range"], base)
    return data


def _hole(kind: str, n: int) -> str:
    return f"\x00{kind}{n}\x00"


def _range_with_holes(rng: dict, base: int) -> None:
    for end in ("start", "end"):
        rng[end]["line"] = _hole(_ROW, rng[end]["line"] - base)
