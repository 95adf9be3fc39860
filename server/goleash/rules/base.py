"""What a rule is, and the context every rule runs in."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tree_sitter import Node

from goleash import gosyntax, parsing
from goleash.analysis import (
    abandoned_flights,
    cond_wakeups,
    conds,
    failure_returns,
    handed_waiters,
    kept_contexts,
    leakfinder,
    lock_channel,
    lock_order,
    locks,
    once_reentry,
    pipes,
    polled_sends,
    quitting_consumers,
    self_sends,
    signal_waits,
    skipped_turns,
    unheeded_entry_flags,
    unstopped,
)
from goleash.analysis import channels as channel_model
from goleash.analysis import goroutines as goroutine_model
from goleash.analysis import self_waits as self_wait_model
from goleash.analysis.classify import Leak
from goleash.analysis.liveness import Liveness
from goleash.analysis.package import Package
from goleash.model import CITED_LINE, Finding, Fix, Location, Related, Severity, Span
from goleash.source import SourceFile

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety")
DOCS_BASE_URL = "https://github.com/goleash/goleash/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Rule:
    code: str  # stable: GL001
    name: str  # kebab-case name of the bad pattern
    summary: str  # one line
    severity: Severity  # default
    doc: str  # markdown with the DOC_SECTIONS headings
    check: Callable[[Context], Iterable[Finding]]
    fixable: bool = False
    # Off unless preview is asked for (`--preview`, goleash.toml, editor settings), until
    # an audit on real code shows it precise.
    preview: bool = False
    # TESTS_IN_PREVIEW: in `_test.go` files, off unless preview is asked for. For a rule
    # that counts (Dones against Adds, sends against receives): a test runs on data it
    # fixes itself, so a count that comes short on some path mostly comes short on a
    # path that data never takes, or one only a failing test takes (five audits on
    # unseen code: 41 such findings in tests, none a bug worth fixing, 28 false). What
    # it costs: a test whose counts are really wrong is not flagged; it hangs or leaks
    # when run, where `go test -timeout` or goleak see it.
    preview_in_tests: bool = False
    # Starts from a mutex locked (`.Lock()`, `.RLock()`): a file that only locks, with no
    # channel, goroutine or context, is analysed only when such a rule is enabled.
    reads_locks: bool = False
    # Other substrings a file must hold for this rule to start from it (`.Do(` for a
    # Once): a file holding one and nothing else a rule looks at is analysed only when
    # this rule is enabled.
    triggers: tuple[bytes, ...] = ()

    @property
    def url(self) -> str:
        return f"{DOCS_BASE_URL}#{self.code.lower()}-{self.name}"

    def section(self, heading: str) -> str:
        pattern = re.compile(rf"^## {re.escape(heading)}\s*$", re.MULTILINE)
        m = pattern.search(self.doc)
        if not m:
            return ""
        rest = self.doc[m.end() :]
        nxt = re.search(r"^## ", rest, re.MULTILINE)
        return (rest[: nxt.start()] if nxt else rest).strip()


def rule_doc(module_doc: str | None) -> str:
    """The rule's documentation: its module docstring, dedented."""
    import inspect

    return inspect.cleandoc(module_doc or "")


# Capture names must be unique across the patterns: they share one query.
CANDIDATES_QUERY = "\n".join(
    (
        channel_model.MAKE_CHAN_QUERY,
        goroutine_model.STARTS_QUERY,
        "(var_spec name: (identifier) type: (channel_type)) @nil_chan_spec",
        "(select_statement) @select",
        '(unary_expression operator: "<-") @receive_expr',
        "(method_declaration) @method_decl",
        "(assignment_statement left: (expression_list (index_expression))) @index_store",
        '(expression_statement (call_expression function: (identifier) @_del (#eq? @_del "delete"))) @delete_stmt',
        "(assignment_statement left: (expression_list . (selector_expression)) right: (expression_list . (call_expression) .)) @field_store",
        "(short_var_declaration right: (expression_list . (call_expression) .)) @call_decl",
        "(assignment_statement left: (expression_list . (identifier)) right: (expression_list . (call_expression) .)) @call_assign",
        "(assignment_statement left: (expression_list . (identifier) .) right: (expression_list . (identifier) .)) @local_copy",
        "(defer_statement (call_expression function: (selector_expression operand: (identifier)))) @defer_stmt",
        "(defer_statement (call_expression function: (func_literal))) @defer_literal",
        '(expression_statement (call_expression function: (selector_expression field: (field_identifier) @_lock) (#match? @_lock "^R?Lock$"))) @lock_stmt',
        '(call_expression function: (selector_expression field: (field_identifier) @_cw) (#eq? @_cw "Wait")) @wait_call',
        '(call_expression function: (selector_expression field: (field_identifier) @_do) (#eq? @_do "Do")) @do_call',
        "(short_var_declaration right: (expression_list . (call_expression function: (selector_expression)) .)) @cancel_decl",
        "(assignment_statement right: (expression_list . (call_expression function: (selector_expression)) .)) @cancel_decl",
        leakfinder.QUERY,
    )
)


class Context:
    """One file's analysis: the rules share its lazily built models."""

    def __init__(
        self,
        file: SourceFile,
        package: Package,
        ranges: list[tuple[int, int]] | None = None,
        with_fixes: bool = True,
        preview: bool = True,
    ) -> None:
        self.file = file
        # PREVIEW_BEHAVIOUR (see Settings.preview): what a stable rule reports only
        # with preview on.
        self.preview = preview
        self.package = package
        # Building fixes costs more than finding leaks; an editor asks for them only
        # when the user opens the lightbulb, so diagnostics can go without.
        self.with_fixes = with_fixes
        # When set, only constructs starting inside these byte ranges are analysed
        # (the language server re-checks just the declarations an edit touched).
        self.ranges = ranges

    @cached_property
    def go_version(self) -> tuple[int, int] | None:
        from goleash.gomod import go_version_for

        return go_version_for(self.file.path)

    def fix(self, builder: Callable[..., Fix | None], *args: Any) -> Fix | None:
        """builder(ctx, *args) when fixes are wanted; None otherwise (or if it cannot apply)."""
        if not self.with_fixes:
            return None
        return builder(self, *args)

    def captures(self, query_text: str) -> dict[str, list[Node]]:
        """Query captures over the file, limited to `ranges` when they are set."""
        if self.ranges is None:
            return parsing.captures(query_text, self.file.root)
        ranges = sorted(self.ranges)
        starts = [r[0] for r in ranges]

        def wanted(node: Node) -> bool:
            i = bisect.bisect_right(starts, node.start_byte) - 1
            return i >= 0 and node.start_byte < ranges[i][1]

        merged: dict[str, list[Node]] = {}
        # One query pass per cluster of nearby ranges (package-level declarations come
        # in runs); what falls between them is filtered out here.
        for start, end in _clusters(ranges, CLUSTER_GAP):
            for name, nodes in parsing.captures(query_text, self.file.root, (start, end)).items():
                merged.setdefault(name, []).extend(n for n in nodes if wanted(n))
        return merged

    @cached_property
    def candidates(self) -> dict[str, list[Node]]:
        """Every construct any rule starts from, found in one C-side query pass.

        Leak constructs are rare (a few per thousand lines), so the rules run Python
        only on what this captures, never over the whole tree.
        """
        return self.captures(CANDIDATES_QUERY)

    @cached_property
    def channels(self) -> list[channel_model.Channel]:
        makes = self.candidates.get("make", [])
        return channel_model.collect_channels(self.file, self.package, makes)

    @cached_property
    def trusted_channels(self) -> list[channel_model.Channel]:
        return [c for c in self.channels if c.trusted]

    @cached_property
    def leaks(self) -> list[Leak]:
        """The general model's leaks for the identities born in this file (or in `ranges`)."""
        return leakfinder.find_leaks(self.file, self.package, self.candidates, self.liveness)

    @cached_property
    def held_locks(self) -> list[locks.HeldLock]:
        """Locks some way out of their function leaves held (for the lock rules). With
        preview off, only in functions that can return a failure (FAILURE_RETURN: GL017
        reports no other way out then), so that the others are never judged."""
        statements = self.candidates.get("lock_stmt", [])
        if not self.preview:
            # BRANCH_EXIT_OF_AN_UNLOCKING_PATH is judged by default too, in functions
            # whose straight path unlocks
            statements = [
                s
                for s in statements
                if failure_returns.in_a_failing_function(s)
                or (
                    (func := gosyntax.enclosing_function(s)) is not None
                    and locks.straight_path_unlocks(func)
                )
            ]
        return locks.held_locks(self.file, self.package, statements, self.liveness.functions)

    def skipped_functions(self) -> list[tuple[str, int]]:
        """(name, line) of this file's functions the model gave up on (nested too deep for
        a control-flow graph), for the engine's incomplete-analysis notes."""
        if "liveness" not in self.__dict__:
            return []
        out = []
        for func in self.liveness.functions.all():
            if func.failed and func.file.path == self.file.path:
                name = gosyntax.function_name(func.node) or "literal"
                out.append((name, func.node.start_point[0] + 1))
        return sorted(set(out), key=lambda x: x[1])

    @cached_property
    def liveness(self) -> Liveness:
        """The model's view of this file's functions, shared by the rules: one resolver and
        one control-flow graph per function however many rules ask."""
        return Liveness(self.file, self.package)

    @cached_property
    def kept_contexts(self) -> list[kept_contexts.KeptContext]:
        """Goroutines waiting on a context field whose kept cancel nothing calls (GL003
        for a bare wait, GL009 for an endless loop)."""
        return kept_contexts.kept_contexts(self.liveness.functions, self.file)

    @cached_property
    def self_sends(self) -> list[self_sends.SelfSend]:
        """Sends on an actor goroutine's inbox reached from that goroutine itself (GL003)."""
        return self_sends.self_sends(
            self.liveness.functions, self.file, self.candidates.get("field_send", [])
        )

    @cached_property
    def polled_sends(self) -> list[polled_sends.PolledSend]:
        """Goroutines sending on a field the package only polls (polled_sends.py)."""
        return polled_sends.polled_sends(
            self.liveness.functions, self.file, self.candidates.get("go", [])
        )

    @cached_property
    def signal_waits(self) -> list[signal_waits.SignalWait]:
        """Goroutines waiting for an OS signal to cancel what their function cancels anyway."""
        return signal_waits.signal_waits(self.package, self.file, self.candidates.get("go", []))

    @cached_property
    def open_pipes(self) -> list[pipes.OpenPipe]:
        """`io.Pipe` ends a way out of their function leaves a goroutine blocked on (GL003)."""
        return pipes.open_pipes(
            self.liveness.functions, self.file, self.candidates.get("cancel_decl", [])
        )

    @cached_property
    def quitting_consumers(self) -> list[quitting_consumers.QuittingConsumer]:
        """Producer methods left sending on a field their sibling consumer gave up (GL006)."""
        return quitting_consumers.quitting_consumers(
            self.liveness.functions, self.file, self.candidates.get("field_send", [])
        )

    @cached_property
    def unstopped(self) -> list[unstopped.Unstopped]:
        """Objects made here whose goroutine nothing here stops (for GL010)."""
        return unstopped.unstopped_objects(self.liveness, self.candidates.get("bound_call", []))

    @cached_property
    def relocks(self) -> list[lock_order.Relock]:
        """Locks taken again by the goroutine holding them, on some path (for GL016)."""
        return lock_order.relocks(
            self.file, self.package, self.candidates.get("lock_stmt", []), self.liveness.functions
        )

    @cached_property
    def locked_operations(self) -> list[lock_channel.LockedOp]:
        """Blocking channel operations made under a lock their partners need first."""
        return lock_channel.locked_operations(self.liveness, self.candidates.get("lock_stmt", []))

    @cached_property
    def returned_pipes(self) -> list[pipes.ReturnedPipe]:
        """Pipe readers returned by a function of the package and left open by a caller."""
        takes = [*self.candidates.get("call_decl", []), *self.candidates.get("call_assign", [])]
        return pipes.returned_pipes(self.liveness.functions, self.file, takes)

    @cached_property
    def missed_wakeups(self) -> list[cond_wakeups.MissedWakeup]:
        """`Wait` loops whose flag a method sets without waking them (for the condition rule)."""
        waits = self.candidates.get("wait_call", [])
        return cond_wakeups.missed_wakeups(
            self.file, self.package, waits
        ) + handed_waiters.handed_waiter_wakeups(self.file, self.liveness.functions, waits)

    @cached_property
    def lone_signals(self) -> list[cond_wakeups.LoneSignal]:
        """`Wait` loops whose flag a method sets with one `Signal` for several waiters (GL025)."""
        return cond_wakeups.lone_signals(
            self.file, self.liveness.functions, self.candidates.get("wait_call", [])
        )

    @cached_property
    def abandoned_flights(self) -> list[abandoned_flights.AbandonedFlight]:
        """Flag loops waiting on a published flight a leader leaves unfinished (GL029)."""
        return abandoned_flights.abandoned_flights(
            self.package, self.file, self.candidates.get("wait_call", [])
        )

    @cached_property
    def unheeded_stops(self) -> list[cond_wakeups.UnheededStop]:
        """`Wait` loops that do not test the flag the stopping method sets and wakes (GL029)."""
        waits = self.candidates.get("wait_call", [])
        return [
            *cond_wakeups.unheeded_stops(self.file, self.liveness.functions, waits),
            *unheeded_entry_flags.unheeded_entry_flags(self.package, waits),
        ]

    @cached_property
    def skipped_wakeups(self) -> list[cond_wakeups.SkippedWakeup]:
        """`Wait` loops whose fields a method changes and wakes on one path only (GL029)."""
        return cond_wakeups.skipped_wakeups(
            self.file, self.liveness.functions, self.candidates.get("wait_call", [])
        )

    @cached_property
    def skipped_turns(self) -> list[skipped_turns.SkippedTurn]:
        """`Wait` loops of a turn one participant gives up on a failure without passing
        on (GL029, TURN_NEVER_PASSED)."""
        return skipped_turns.skipped_turns(self.package, self.candidates.get("wait_call", []))

    @cached_property
    def cond_waits(self) -> list[conds.CondWait]:
        """`Wait` calls on a sync.Cond that may never wake (for the condition rule)."""
        return conds.cond_waits(self.file, self.package, self.candidates.get("wait_call", []))

    @cached_property
    def once_reentries(self) -> list[once_reentry.Reentry]:
        """`Do` calls reached from the function a `Do` on the same Once runs (GL027)."""
        return once_reentry.once_reentries(
            self.file, self.liveness.functions, self.candidates.get("do_call", [])
        )

    @cached_property
    def self_waits(self) -> list[self_wait_model.SelfWait]:
        """`Wait` calls reached by a function that still owes the group its `Done` (GL028)."""
        return self_wait_model.self_waits(
            self.file, self.liveness.functions, self.candidates.get("wait_call", [])
        )

    @cached_property
    def goroutines(self) -> list[goroutine_model.Goroutine]:
        return goroutine_model.collect_goroutines(self.file, self.package, self.candidates)

    # -- building findings -------------------------------------------------

    def location(self, node: Node, file: SourceFile | None = None) -> Location:
        return Location((file or self.file).path, Span.of(node))

    def related(self, node: Node, message: str, file: SourceFile | None = None) -> Related:
        return Related(self.location(node, file), message)

    def finding(
        self,
        rule: Rule,
        node: Node,
        message: str,
        related: Iterable[Related] = (),
        severity: Severity | None = None,
        fixes: Iterable[Fix] = (),
        file: SourceFile | None = None,
        origin: str = "",
    ) -> Finding:
        related = tuple(related)
        return Finding(
            code=rule.code,
            name=rule.name,
            message=message,
            location=self.location(node, file),
            severity=severity or rule.severity,
            related=related,
            fixes=_with_preferred([f for f in fixes if f is not None]),
            cites_lines=_cites_lines(message) or any(_cites_lines(r.message) for r in related),
            citations=_citations(self.file, [message, *(r.message for r in related)]),
            origin=origin,
        )


_LINE_CITATION = re.compile(r"\bline \d+|\.go:\d+")


def _cites_lines(text: str) -> bool:
    return _LINE_CITATION.search(text) is not None


def _citations(file: SourceFile, texts: list[str]) -> tuple[tuple[int, int], ...]:
    starts = file.line_starts
    out = []
    for text in texts:
        for m in CITED_LINE.finditer(text):
            n = int(m.group(1))
            if 1 <= n <= len(starts):
                out.append((n, starts[n - 1]))
    return tuple(dict.fromkeys(out))


# Ranges closer than this many bytes share one query pass: a pass has a fixed cost, and
# scanning a few kilobytes of unwanted declarations between two ranges costs less.
CLUSTER_GAP = 4096


def _clusters(ranges: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in ranges:
        if out and start - out[-1][1] <= gap:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def _with_preferred(fixes: list[Fix]) -> tuple[Fix, ...]:
    """Rules list fixes in their order of preference; one policy marks the preferred one."""
    from goleash.fixes.selection import mark_preferred

    return mark_preferred(fixes)
