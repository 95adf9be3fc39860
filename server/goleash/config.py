"""Which rules run and how loud they are: one settings object for CLI and server."""

from __future__ import annotations

from dataclasses import dataclass, field

from goleash.model import Severity


@dataclass(frozen=True)
class Settings:
    # Codes or code prefixes ("GL0", "GL003") or rule names; empty = every rule.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    include_generated: bool = False
    report_unused_suppressions: bool = True
    # PREVIEW_BEHAVIOUR: a stable rule may report more with preview on (GL017 reports a
    # mutex left held on every way out, not only on a failure return). True here, as
    # `Settings()` runs every rule, preview ones too; the project's settings
    # (`effective_settings`) set it from `--preview`, goleash.toml or the editor.
    preview: bool = True
    # What `enabled` answered, per rule: asked for every rule of every file checked.
    _answers: dict[tuple[str, str], bool] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def enabled(self, code: str, name: str = "") -> bool:
        answer = self._answers.get((code, name))
        if answer is None:
            answer = self._answers[(code, name)] = self._enabled(code, name)
        return answer

    def _enabled(self, code: str, name: str) -> bool:
        def matches(patterns: tuple[str, ...]) -> bool:
            return any(code.startswith(p.upper()) or p == name for p in patterns)

        if self.select and not matches(self.select):
            return False
        return not matches(self.ignore)

    def severity_for(self, code: str, name: str, default: Severity) -> Severity:
        return self.severity.get(code, self.severity.get(name, default))


DEFAULT = Settings()
