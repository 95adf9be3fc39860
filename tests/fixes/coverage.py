"""How many detected leaks have a preferred fix that really removes them.

A *detected leak* is a finding goleash reports on a leaky program: a rule fixture
(tests/rules/testdata) with a `// run:` line, of a rule that offers fixes, or a leaky
program of the idiom corpus (tests/engine/idioms, each confirmed under goleak). Its *preferred fix* is the one
`goleash fix --unsafe-fixes` would apply for it (`fixes.preferred_fix(..., unsafe=True)`).

The fix is applied alone and the program is run under go.uber.org/goleak; the leak
counts as fixed when goleak then passes. A program with several findings usually needs
all of them fixed before goleak can pass: there a finding also counts as fixed when
its preferred fix is applied together with the others' (everything
`goleash fix --unsafe-fixes` does) and goleak passes.

Everything runs in two scratch modules (one per corpus): two `go vet`, two `go test`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from goleash.cli.fix import fix_package
from goleash.config import Settings
from goleash.engine import analyze
from goleash.fixes import apply_to_files, preferred_fix
from goleash.source import SourceFile

from ..engine import idiom_corpus, idiom_runtime
from . import gotools, proof


@dataclass
class Leak:
    corpus: str  # "fixtures" or "idioms"
    program: str  # "GL009/cache.go" or "03-field-channel/session"
    file: str
    code: str
    line: int
    fix_title: str | None  # the preferred fix, None when none is offered
    alone: bool = False  # goleak passes with this fix alone
    together: bool = False  # goleak passes after `goleash fix --unsafe-fixes` on the program
    compiled: bool = True

    @property
    def fixed(self) -> bool:
        return self.fix_title is not None and (self.alone or self.together)


@dataclass
class Survey:
    leaks: list[Leak] = field(default_factory=list)

    def share(self, corpus: str | None = None) -> tuple[int, int]:
        chosen = [lk for lk in self.leaks if corpus is None or lk.corpus == corpus]
        return sum(lk.fixed for lk in chosen), len(chosen)


# -- the idiom corpus ------------------------------------------------------------------


def _idiom_path(p: idiom_corpus.Program, name: str) -> Path:
    base = idiom_corpus.IDIOMS / p.idiom
    return base / p.name / name if (base / p.name).is_dir() else base / name


def _idiom_findings(p: idiom_corpus.Program, files: dict[str, str]):
    out = []
    for name in sorted(files):
        path = _idiom_path(p, name)
        sibs = [
            SourceFile(str(_idiom_path(p, n)), s.encode()) for n, s in files.items() if n != name
        ]
        for f in analyze(SourceFile(str(path), files[name].encode()), sibs).findings:
            out.append((name, f))
    return out


def _idiom_fix_all(p: idiom_corpus.Program) -> dict[str, str]:
    names = {str(_idiom_path(p, n)): n for n in sorted(p.files)}
    outcomes = fix_package(
        {path: p.files[n].encode() for path, n in names.items()},
        lambda: [],
        lambda path: Settings(),
        unsafe=True,
    )
    return {names[o.path]: o.fixed.decode() for o in outcomes}


def _idiom_apply(p: idiom_corpus.Program, name: str, fix) -> dict[str, str]:
    """The program's files after `fix` (offered on a finding of `name`; it may edit others)."""
    names = {str(_idiom_path(p, n)): n for n in p.files}
    new = apply_to_files(
        {path: p.files[n].encode() for path, n in names.items()},
        fix.edits,
        str(_idiom_path(p, name)),
    )
    files = dict(p.files)
    for path, data in new.items():
        files[names[path]] = data.decode()
    return files


def _run_idioms(root: Path, programs: list[idiom_corpus.Program]) -> list[idiom_runtime.Outcome]:
    """As idiom_runtime.run, with a short per-package timeout: a fix may turn a leak into a
    deadlock of the caller, which must cost a minute, not the whole run."""
    root = root.resolve()
    mod = root / "mod"
    idiom_runtime.build_module(mod, programs)
    env = gotools.go_env(root)
    outcomes = {p.rel: idiom_runtime.Outcome(p) for p in programs}
    vet = subprocess.run(
        ["go", "vet", "./..."], cwd=mod, env=env, capture_output=True, text=True, timeout=1800
    )
    for line in (vet.stdout + vet.stderr).splitlines():
        for rel, o in outcomes.items():
            if f"/{rel}/" in line or line.startswith(f"{rel}/") or f"./{rel}/" in line:
                o.vet_output.append(line)
    test = subprocess.run(
        ["go", "test", "-count=1", "-json", "-timeout", "60s", "./..."],
        cwd=mod,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    for line in test.stdout.splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        o = outcomes.get(ev.get("Package", "").removeprefix(idiom_runtime.MODULE + "/"))
        if o is None:
            continue
        if ev.get("Action") == "output":
            o.test_output.append(ev.get("Output", ""))
        elif ev.get("Action") in ("pass", "fail") and not ev.get("Test"):
            if "[build failed]" not in o.text and "[setup failed]" not in o.text:
                o.result = ev["Action"]
    return [outcomes[p.rel] for p in programs]


def survey_idioms(root: Path) -> list[Leak]:
    leaky = [p for p in idiom_corpus.load() if not p.is_twin and p.runs_on_go119]
    leaks: list[Leak] = []
    variants: list[tuple[idiom_corpus.Program, Leak | None, list[Leak]]] = []
    for p in leaky:
        mine = []
        for name, f in _idiom_findings(p, p.files):
            fix = preferred_fix(f.fixes, unsafe=True)
            lk = Leak(
                "idioms",
                p.rel,
                name,
                f.code,
                f.span.start.row + 1,
                fix.title if fix else None,
                bool(fix) and fix.applicability.value == "safe",
            )
            mine.append(lk)
            if fix is not None:
                files = _idiom_apply(p, name, fix)
                n = len(variants)
                variants.append(
                    (idiom_corpus.Program(p.idiom, f"v{n:03d}_{p.name}", files), lk, [])
                )
        if any(lk.fix_title for lk in mine):
            n = len(variants)
            variants.append(
                (idiom_corpus.Program(p.idiom, f"v{n:03d}_{p.name}", _idiom_fix_all(p)), None, mine)
            )
        leaks.extend(mine)
    if variants:
        outcomes = _run_idioms(root, [v[0] for v in variants])
        for (_prog, alone, together), o in zip(variants, outcomes):
            if alone is not None:
                alone.alone = o.passed
                alone.compiled = o.compiled and not o.vet_output
            for lk in together:
                lk.together = o.passed
    return leaks


# -- the rule fixtures -------------------------------------------------------------------


def _offers_fixes(code: str) -> bool:
    """Does the rule offer fixes at all? The fixtures of a rule that offers none by design
    (`fixable=False`: which call should change is the author's decision) are not counted:
    test_runtime still proves their leaks under goleak."""
    from goleash.rules import BY_CODE

    rule = BY_CODE.get(code)
    return rule is None or rule.fixable


def survey_fixtures(root: Path) -> list[Leak]:
    leaks: list[Leak] = []
    variants: list[proof.Variant] = []
    owners: list[tuple[Leak | None, list[Leak]]] = []
    for fx in proof.leaky_fixtures():
        if not fx.run or not _offers_fixes(fx.code):
            continue
        mine = []
        for name in fx.leaky_files:
            for f in proof.findings_of(fx, name):
                fix = preferred_fix(f.fixes, unsafe=True)
                lk = Leak(
                    "fixtures",
                    fx.name,
                    name,
                    f.code,
                    f.span.start.row + 1,
                    fix.title if fix else None,
                    bool(fix) and fix.applicability.value == "safe",
                )
                mine.append(lk)
                if fix is not None:
                    files = proof.apply_fix(fx, name, fix)
                    variants.append(proof.Variant(fx, fix.title, files, fix, f.code, name))
                    owners.append((lk, []))
        if any(lk.fix_title for lk in mine):
            variants.append(proof.fix_all_variant(fx))
            owners.append((None, mine))
        leaks.extend(mine)
    if variants:
        for o, (alone, together) in zip(proof.run_proof(root, variants), owners):
            if alone is not None:
                alone.alone = o.passed
                alone.compiled = o.compiled and o.vet_clean
            for lk in together:
                lk.together = o.passed
    return leaks


def survey(root: Path) -> Survey:
    """`root` may be reused between runs: its Go build cache is kept, its modules rebuilt."""
    for part in ("fixtures", "idioms"):
        shutil.rmtree(root / part / "mod", ignore_errors=True)
        (root / part).mkdir(parents=True, exist_ok=True)
    return Survey(survey_fixtures(root / "fixtures") + survey_idioms(root / "idioms"))
