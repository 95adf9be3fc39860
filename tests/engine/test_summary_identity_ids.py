"""Summaries are cached under the identity's id: an identity summarized and then freed (a
probe made while discovering identities) must not hand its id, and with it its cached
summaries, to a later identity. A run of the same input then depended on where objects
happened to be allocated: one quic-go finding came and went between runs.

The test watches every identity the liveness model summarizes over the blind corpus and
fails if one id ever stands for two different identities within one model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash.analysis import liveness as liveness_module
from goleash.engine import analyze
from goleash.source import SourceFile

CORPUS = Path(__file__).parents[2] / "bench" / "realistic" / "dev"


def _describe(ident: liveness_module.Identity) -> tuple[object, ...]:
    birth = ident.birth
    return (ident.name, ident.kind, birth.start_byte if birth is not None else None, ident.assumed)


def test_an_identity_id_is_never_reused_within_one_model(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[tuple[int, int], tuple[object, ...]] = {}
    clashes: list[str] = []
    summary = liveness_module.Liveness.summary

    def watched(self, ident, func, binding, mode, depth):  # type: ignore[no-untyped-def]
        key = (id(self), id(ident))
        described = _describe(ident)
        if seen.setdefault(key, described) != described:
            clashes.append(f"{self.file.path}: {seen[key]} then {described}")
        return summary(self, ident, func, binding, mode, depth)

    monkeypatch.setattr(liveness_module.Liveness, "summary", watched)
    models: list[object] = []  # keep every model alive: its id must not be reused either
    original_init = liveness_module.Liveness.__init__

    def kept_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        models.append(self)

    monkeypatch.setattr(liveness_module.Liveness, "__init__", kept_init)
    programs = sorted(p for p in CORPUS.glob("p*/leaky") if p.is_dir())
    assert len(programs) > 50
    for program in programs:
        files = [SourceFile(str(p), p.read_bytes()) for p in sorted(program.glob("*.go"))]
        for main in files:
            analyze(main, [f for f in files if f is not main])
    assert not clashes, clashes[:5]
