"""The server's view of each document's project: its goleash.toml and exclude patterns.

Settings for a document are its nearest goleash.toml with the editor's settings
on top (goleash.project.resolve). An editor setting left at its default (an
empty list, false) leaves the file's value alone, since clients such as VS Code
send every setting whether the user set it or not.

goleash.toml is re-read when it changes: the client's file watcher
(workspace/didChangeWatchedFiles) says so, and without one every save and every
check notices a new modification time. A file that turns bad does not reset
anything: the last good version stays in force and the user is told, once per
distinct error, with window/showMessage.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from goleash import engine
from goleash.config import Settings
from goleash.lsp.settings import DEFAULTS, ServerSettings
from goleash.model import FileReport, Severity
from goleash.project.builds import analyze_in_builds
from goleash.project.config_file import FILENAME
from goleash.project.files import FileSelector
from goleash.project.resolve import Overrides, effective_settings, path_part
from goleash.project.store import ConfigStore


def editor_overrides(settings: ServerSettings) -> Overrides:
    return Overrides(
        select=settings.select or None,
        ignore=settings.ignore or None,
        severity={code: Severity.parse(name) for code, name in settings.severity.items()},
        include_generated=True if settings.includeGenerated else None,
        preview=True if settings.preview else None,
    )


class ProjectState:
    def __init__(self) -> None:
        self.store = ConfigStore()
        self.roots: list[str] = []  # workspace folders, for the editor's exclude patterns
        self._editor = DEFAULTS
        self._overrides = editor_overrides(DEFAULTS)
        self._settings: dict[tuple, Settings] = {}
        self._selectors: dict[str, FileSelector] = {}
        self._last_used: dict[str, Settings] = {}  # by document path, to notice a change
        self._reported: set[str] = set()
        self.messages: list[
            tuple[str, bool]
        ] = []  # (text, is_error) for the client, drained by the server

    # -- inputs ----------------------------------------------------------------

    def set_editor(self, settings: ServerSettings) -> None:
        self._editor = settings
        self._overrides = editor_overrides(settings)
        self._settings.clear()
        self._selectors.clear()

    def set_roots(self, roots: list[str]) -> None:
        self.roots = [os.path.abspath(r) for r in roots if r]

    def files_changed(self, paths: list[str]) -> bool:
        """The client's watcher saw these change; True when a goleash.toml was among them."""
        if not any(os.path.basename(p) == FILENAME for p in paths):
            return False
        self.reload()
        for path in paths:
            if os.path.basename(path) == FILENAME and os.path.exists(path):
                self._note(self.store.lookup(os.path.join(os.path.dirname(path), "x.go")))
        return True

    def changed_on_disk(self) -> bool:
        """Has any goleash.toml read so far changed since (for clients without a watcher)?"""
        if not self.store.stale():
            return False
        self.reload()
        return True

    def reload(self) -> None:
        self.store.forget()
        self._settings.clear()

    # -- outputs ---------------------------------------------------------------

    def settings_for(self, path: str) -> Settings:
        lookup = self.store.lookup(path)
        self._note(lookup)
        config = lookup.config
        key = (
            config.path if config else None,
            id(config),
            path_part(config, path),
        )
        settings = self._settings.get(key)
        if settings is None:
            settings = self._settings[key] = effective_settings(config, self._overrides, path)
        return settings

    def excluded(self, path: str) -> bool:
        root = self._root_for(path)
        selector = self._selectors.get(root)
        if selector is None:
            selector = self._selectors[root] = FileSelector(
                self.store, self._editor.exclude, root, default_excludes=False
            )
        return selector.excluded(path)

    def analyze(
        self,
        source,
        siblings,
        first: Callable[..., FileReport],
        reset: Callable[[], None] | None = None,
        **options,
    ) -> FileReport:
        """`source` in every build of its package (see goleash.project.builds): `first`
        (the incremental analyzer) for the main build, the engine for the others.
        `reset` forgets `first`'s cached results: called when the document's
        settings changed since its last check (its goleash.toml was edited)."""
        settings = self.settings_for(source.path)
        if self._last_used.get(source.path) is not settings:
            if source.path in self._last_used and reset is not None:
                reset()
            self._last_used[source.path] = settings
        return analyze_in_builds(
            source, siblings, settings, first, engine.analyze, eager=True, **options
        )

    def build_fixes(self, source, siblings, first: Callable[..., FileReport], ranges) -> FileReport:
        """The findings of every build of `source` with the fixes of those in `ranges` (all
        when None) built: `first` (the incremental analyzer's `with_fixes`) for the main
        build, the engine for the others. Not merged the way diagnostics are: an unused
        suppression is looked at in the main build only, and must keep its removal."""
        settings = self.settings_for(source.path)
        reports: list[FileReport] = []

        def main(file, candidates, settings):
            reports.append(first(file, candidates, settings, ranges=ranges))
            return reports[-1]

        def other(file, candidates, settings):
            reports.append(
                engine.analyze(file, candidates, settings, ranges=ranges, with_fixes=True)
            )
            return reports[-1]

        analyze_in_builds(source, siblings, settings, main, other, eager=True)
        out = FileReport(source.path)
        seen: set[tuple] = set()
        for report in reports:
            for f in report.findings:
                key = (f.code, f.span.start_byte, f.span.end_byte)
                if key not in seen:
                    seen.add(key)
                    out.findings.append(f)
        return out

    def _root_for(self, path: str) -> str:
        absolute = os.path.abspath(path)
        inside = [r for r in self.roots if absolute.startswith(r.rstrip(os.sep) + os.sep)]
        # Outside every workspace folder, patterns see the whole path, so
        # `vendor/` and `**/vendor/**` still match wherever the file is.
        return max(inside, key=len) if inside else os.sep

    def _note(self, lookup) -> None:
        error = lookup.error
        if error is None:
            if lookup.config is not None and lookup.config.path in self._reported:
                self._reported.discard(lookup.config.path)
                self.messages.append(
                    (f"goleash: {lookup.config.path} is valid again and in use", False)
                )
            return
        if error.path in self._reported:
            return
        self._reported.add(error.path)
        kept = (
            "keeping its previous settings"
            if lookup.config is not None
            else "using the defaults until it is fixed"
        )
        self.messages.append((f"goleash: {error} ({kept})", True))
