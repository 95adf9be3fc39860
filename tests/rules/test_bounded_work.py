"""Work that must grow linearly with the input, measured by counting steps, not seconds.

Times depend on the machine and its load; how often a step runs does not. Each test
analyses an input of size N and of size 2N and checks the count at most about doubles
(a quadratic step would quadruple it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from tree_sitter import Node

from goleash.analysis import channels
from goleash.engine import analyze_source


def pairs_source(n: int) -> bytes:
    """One function making n channels, each sent on by a goroutine of its own; the odd
    ones are received from, the even ones leak."""
    body = [
        f"\tch{i} := make(chan int)\n\tgo func() {{\n\t\tch{i} <- {i}\n\t}}()\n" for i in range(n)
    ]
    body += [f"\t<-ch{i}\n" for i in range(1, n, 2)]
    return ("package growth\n\nfunc Many() {\n" + "".join(body) + "}\n").encode()


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Wrap `owner.name` so that every call is counted in the returned one-item list."""
    calls = [0]
    original = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_channel_walks_follow_each_goroutine_once_per_channel_it_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each channel's walk used to follow every goroutine of the function (n walks of n
    # goroutines); it follows only the ones that use that channel.
    followed = count_calls(monkeypatch, channels._Walker, "_go")
    counts = []
    for n in (40, 80):
        followed[0] = 0
        report = analyze_source(pairs_source(n), "growth.go")
        assert len([f for f in report.findings if f.code == "GL003"]) == n // 2
        counts.append(followed[0])
    assert counts[0] >= 40
    assert counts[1] <= 2.5 * counts[0], counts


def test_a_function_s_locals_are_listed_once_for_all_its_fixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each fix looking for a way out (a context, a stop channel) used to walk the whole
    # function up to its blocked operation: n fixes in one function walked it n times.
    from goleash import gosyntax
    from goleash.fixes import scope

    listed: list[str | None] = []
    original = scope._declarations

    def recorded(func: Node) -> Iterator[object]:
        listed.append(gosyntax.function_name(func))
        return original(func)

    monkeypatch.setattr(scope, "_declarations", recorded)
    report = analyze_source(pairs_source(40), "growth.go")
    assert len([f for f in report.findings if f.fixes]) >= 20
    # Every goroutine's literal is listed once, and the function around them once.
    assert listed.count("Many") == 1, listed


def singleton_starts_source(n: int) -> bytes:
    """One function starting 2n goroutines once for the whole process (after `if wakeups
    != nil { return }`, which it then sets; or a method of a package-level variable),
    one starting a loop before that guard, and one starting a loop of a local value."""
    starts = "\tgo func() {\n\t\tfor {\n\t\t\t<-wakeups\n\t\t}\n\t}()\n\tgo theSweeper.run()\n" * n
    return f"""package growth

import (
	"context"
	"time"
)

type sweeper struct{{ every time.Duration }}

// Stop is the sweeper's promise to end, which run ignores.
func (s *sweeper) Stop() {{}}

func (s *sweeper) run() {{
	for {{
		<-time.After(s.every)
	}}
}}

var theSweeper = &sweeper{{every: time.Minute}}

var wakeups chan struct{{}}

func Start() {{
	if wakeups != nil {{
		return
	}}
	wakeups = make(chan struct{{}})
{starts}}}

func Early(ctx context.Context) {{
	go func() {{
		for {{
			<-time.After(time.Second)
		}}
	}}()
	if wakeups != nil {{
		return
	}}
	wakeups = make(chan struct{{}})
}}

func Unguarded() {{
	s := &sweeper{{every: time.Second}}
	go s.run()
}}
""".encode()


def test_goroutines_started_once_are_recognised_with_one_reading_of_their_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each start used to read its function's statements again for the `if global != nil
    # { return }` guard, and to resolve the whole function's scopes again for `go
    # global.method()`: n starts, n readings of a function of size n.
    from goleash.analysis import goroutines

    guards = count_calls(monkeypatch, goroutines, "_first_ensure_guard")
    scopes = count_calls(monkeypatch, goroutines, "Scopes")
    counts = []
    for n in (40, 80):
        guards[0] = scopes[0] = 0
        report = analyze_source(singleton_starts_source(n), "growth.go")
        loops = [f.message for f in report.findings if f.code == "GL009"]
        # Only the loop started before the guard and the local sweeper's are reported.
        assert len(loops) == 2, loops
        assert sum("goroutine `run`" in m for m in loops) == 1, loops
        counts.append((guards[0], scopes[0]))
    assert counts[0] == counts[1], counts
    assert counts[1][0] <= 3 and counts[1][1] <= 3, counts


def test_a_function_s_request_sends_are_read_once_for_all_its_reply_channels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each unbuffered channel a function makes may be a reply channel sent with a
    # request: its sends were read once per channel, n channels times n events.
    from goleash.analysis import reply_channels

    indexed = count_calls(monkeypatch, reply_channels, "RequestSends")
    counts = []
    for n in (40, 80):
        indexed[0] = 0
        analyze_source(pairs_source(n), "growth.go")
        counts.append(indexed[0])
    assert counts == [1, 1], counts


def test_a_function_s_shared_flags_are_looked_for_once_for_all_its_channels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each channel judged in a function looked again, through the whole function, for
    # the flags it and its goroutines both test (SHARED_FLAG): n channels, n walks of n
    # goroutines. 800 pairs took 30 s.
    from goleash.analysis import decided_flags

    looked = count_calls(monkeypatch, decided_flags, "_find_shared_flags")
    counts = []
    for n in (40, 80):
        looked[0] = 0
        report = analyze_source(pairs_source(n), "growth.go")
        assert len([f for f in report.findings if f.code == "GL003"]) == n // 2
        counts.append(looked[0])
    assert counts == [1, 1], counts


_LEAKY_HEAD = "\tch := make(chan int)\n\tgo func() {\n\t\tch <- 1\n\t}()\n"


def nested_selects(n: int) -> str:
    """n selects nested in one function, each receiving from `ch` (too deep for the
    control-flow graph from 200 on: the channel walk still runs)."""
    return "\tselect {\n\tcase v := <-ch:\n\t\t_ = v\n" * n + "\t}\n" * n


def else_if_chain(n: int) -> str:
    """an `if` and n-1 `else if`s, each arm receiving from `ch`."""
    chain = "".join(f"\t}} else if x == {i} {{\n\t\t<-ch\n" for i in range(1, n))
    return "\tif x == 0 {\n\t\t<-ch\n" + chain + "\t}\n"


@pytest.mark.parametrize("shape", [nested_selects, else_if_chain])
def test_uses_deep_in_nested_code_climb_no_ancestors(
    monkeypatch: pytest.MonkeyPatch, shape: Callable[[int], str]
) -> None:
    # Each use of a channel was judged (its kind, whether it escapes, whether it is
    # returned or stored in a map) by climbing through `.parent`, which tree-sitter
    # answers by walking down from the root: n uses at depth up to n cost n² (1,000
    # nested selects took 57 s). The walks down to the uses learn their parents.
    from goleash import gosyntax

    climbs = count_calls(monkeypatch, gosyntax, "_parent")
    counts = []
    for n in (200, 400):
        climbs[0] = 0
        source = "package p\n\nfunc nested(x int) {\n" + _LEAKY_HEAD + shape(n) + "}\n"
        analyze_source(source.encode(), "growth.go")
        counts.append(climbs[0])
    assert counts[0] == counts[1], counts


def test_nested_literals_find_the_function_that_starts_them_without_climbing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each `go` statement asked which function starts it by climbing through its
    # ancestors (gosyntax.enclosing_function), several times per rule: n nested
    # `go func() {` literals, n climbs each costing tree-sitter a walk from the root.
    from goleash import gosyntax

    climbs = count_calls(monkeypatch, gosyntax, "enclosing_function")
    counts = []
    for n in (100, 200):
        climbs[0] = 0
        nested = "\tgo func() {\n" * n + "\t<-ch\n" + "\t}()\n" * n
        source = "package p\n\nfunc deep() {\n" + _LEAKY_HEAD + nested + "}\n"
        analyze_source(source.encode(), "growth.go")
        counts.append(climbs[0])
    assert counts[0] == counts[1], counts


def test_each_channel_s_pass_looks_only_at_the_nodes_that_may_touch_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each channel made in a function is judged by a pass over the function's graph
    # from where it is made, and every node on the way was looked at: n channels, n
    # passes over the nodes of n pairs (1,600 pairs: 11 s). A pass now jumps along a
    # straight run of nodes to the next one naming its channel (INERT_RUN).
    from goleash.analysis import liveness

    looked = count_calls(monkeypatch, liveness._Analysis, "transfer")
    counts = []
    for n in (40, 80):
        looked[0] = 0
        report = analyze_source(pairs_source(n), "growth.go")
        assert len([f for f in report.findings if f.code == "GL003"]) == n // 2
        counts.append(looked[0])
    assert counts[1] <= 2.5 * counts[0], counts


def test_a_gate_s_waiters_are_found_without_a_walk_per_receive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The re-armed gate analysis (GL022) asked, for every receive from a local, which
    # function holds it (a climb through its ancestors) and walked that function for
    # the local's assignments: an `else if` chain of n arms receiving took n² steps
    # (2,000 arms: 58 s). A local is looked at only when the text copies a field into
    # it, and a function's assignments are listed once.
    from goleash import gosyntax

    climbs = count_calls(monkeypatch, gosyntax, "ancestors")
    walks = count_calls(monkeypatch, gosyntax, "walk")
    counts = []
    for n in (200, 400):
        climbs[0] = walks[0] = 0
        source = "package p\n\nfunc nested(x int) {\n" + _LEAKY_HEAD + else_if_chain(n) + "}\n"
        analyze_source(source.encode(), "growth.go")
        counts.append((climbs[0], walks[0]))
    assert counts[0][0] == counts[1][0], counts
    assert counts[1][1] <= 2.5 * counts[0][1], counts


def test_findings_behind_a_certain_block_are_compared_within_their_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # BLOCKED_BEFORE compared each certain block with every finding of the file: a file
    # of n leaky functions took n² steps (20,000 functions: 92 s). It compares each with
    # the findings of its own function.
    from goleash.analysis import leakfinder

    reads = [0]

    class Counted:
        def __init__(self, leak: object) -> None:
            self.__dict__["_leak"] = leak

        def __getattr__(self, name: str) -> object:
            if name == "verdict":
                reads[0] += 1
            return getattr(self.__dict__["_leak"], name)

    original = leakfinder._behind_a_certain_block

    def counted(leaks: list) -> list:  # type: ignore[type-arg]
        kept = original([Counted(leak) for leak in leaks])  # type: ignore[arg-type]
        return [leak.__dict__["_leak"] for leak in kept]

    monkeypatch.setattr(leakfinder, "_behind_a_certain_block", counted)
    counts = []
    for n in (100, 200):
        reads[0] = 0
        source = "package p\n\n" + "".join(
            f"func leak{i}() {{\n{_LEAKY_HEAD}}}\n\n" for i in range(n)
        )
        report = analyze_source(source.encode(), "growth.go")
        assert len([f for f in report.findings if f.code == "GL003"]) == n
        counts.append(reads[0])
    assert counts[0] >= 100
    assert counts[1] <= 2.5 * counts[0], counts
