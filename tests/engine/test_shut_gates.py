"""shut_gates.py: a gate channel field made anew by the one method that closes it,
which returns on some path without closing the fresh one (blind dev p86, a config
store whose failed reload leaves readers waiting). Each guard broken once keeps it
silent."""

from __future__ import annotations

import pytest

from .edited_fixtures import codes_after

FIXTURE = "GL022/gate_left_shut_direct.go"
ONCE = "GL022/gate_opened_once.go"


def test_the_gate_left_shut_is_reported() -> None:
    assert codes_after(FIXTURE) == ["GL022"]


@pytest.mark.parametrize(
    "edits",
    [
        # the failed path closes it too
        [("\t\treturn err\n", "\t\tclose(c.up)\n\t\treturn err\n")],
        # ... by a deferred close
        [
            ("\tif err := dial(ok)", "\tdefer close(c.up)\n\tif err := dial(ok)"),
            ("\tclose(c.up)\n\treturn nil", "\treturn nil"),
        ],
        # GATE_FIELD: the field is exported, another package may close it
        [("c.up", "c.Up"), ("\tup   chan struct{}", "\tUp   chan struct{}")],
        # ... or something sends on it
        [
            (
                "func (c *Conn) Send(",
                "func (c *Conn) Poke() { c.up <- struct{}{} }\n\nfunc (c *Conn) Send(",
            )
        ],
        # ... or it is handed to a call
        [
            (
                "func (c *Conn) Send(",
                "func (c *Conn) Share() { keep(c.up) }\n\nfunc keep(chan struct{}) {}\n\nfunc (c *Conn) Send(",
            )
        ],
        # CLOSED_ONLY_BY_THE_MAKER: another method closes it too
        [
            (
                "func (c *Conn) Send(",
                "func (c *Conn) Close() { close(c.up) }\n\nfunc (c *Conn) Send(",
            )
        ],
        # ... or a goroutine the maker starts does
        [("\tclose(c.up)\n\treturn nil", "\tgo func() { close(c.up) }()\n\treturn nil")],
        # ... or it closes the old one and makes the next (a broadcast)
        [
            ("\tc.up = make(chan struct{})\n\tif err", "\tif err"),
            (
                "\tclose(c.up)\n\treturn nil",
                "\tclose(c.up)\n\tc.up = make(chan struct{})\n\treturn nil",
            ),
        ],
        # ... or the make re-arms only an open gate
        [
            (
                "\tc.up = make(chan struct{})\n",
                "\tif c.up == nil {\n\t\tc.up = make(chan struct{})\n\t}\n",
            )
        ],
        # BARE_WAIT: the waiter has another way out
        [
            (
                "\t<-c.up //",
                "\tselect {\n\tcase <-c.up:\n\tcase <-time.After(time.Second):\n\t}\n\t//",
            )
        ],
    ],
)
def test_a_guard_keeps_it_silent(edits: list[tuple[str, str]]) -> None:
    assert "GL022" not in codes_after(FIXTURE, *edits)


def test_a_copy_closed_by_its_holder_is_a_close() -> None:
    codes = codes_after(
        FIXTURE,
        (
            "func (c *Conn) Send(",
            "func (c *Conn) Abort() {\n\tup := c.up\n\tclose(up)\n}\n\nfunc (c *Conn) Send(",
        ),
    )
    assert "GL022" not in codes


def test_a_gate_opened_once_and_left_shut_is_reported() -> None:
    assert codes_after(ONCE) == ["GL022"]


@pytest.mark.parametrize(
    "edits",
    [
        # RUN_ONCE: the opener may be called again
        [
            (
                "func (c *Cache) Get(",
                "func (c *Cache) Retry() { go c.fill() }\n\nfunc (c *Cache) Get(",
            )
        ],
        # the opener closes on every path
        [("\t\tc.err = err\n\t}\n}", "\t\tc.err = err\n\t}\n\tclose(c.loaded)\n}")],
        # two functions close it
        [
            (
                "func (c *Cache) Get(",
                "func (c *Cache) Abort() { close(c.loaded) }\n\nfunc (c *Cache) Get(",
            )
        ],
    ],
)
def test_a_guard_keeps_the_once_gate_silent(edits: list[tuple[str, str]]) -> None:
    assert "GL022" not in codes_after(ONCE, *edits)


HANDED = "GL022/gate_handed_to_leader.go"


def test_a_gate_handed_to_its_one_closer_and_left_shut_is_reported() -> None:
    """HANDED_A_FRESH_GATE (blind dev p265): each flight gets its own gate, and the
    leader that closes it returns on its error path without closing it."""
    assert codes_after(HANDED) == ["GL022"]


@pytest.mark.parametrize(
    "edits",
    [
        # NOT_RETRIED: a loop hands the same flight to the closer again
        [
            (
                "\tif leader {\n\t\treturn r.resolve(ctx, host, f)\n\t}",
                "\tif leader {\n\t\tfor i := 0; i < 3; i++ {\n\t\t\tif addr, err := "
                "r.resolve(ctx, host, f); err == nil {\n\t\t\t\treturn addr, nil\n\t\t\t}\n"
                '\t\t}\n\t\treturn "", errNoAddress\n\t}',
            )
        ],
        # NOT_RETRIED: the closer is a function value, run who knows how often
        [("func (r *Resolver) wait(", "var _ = (*Resolver).resolve\n\nfunc (r *Resolver) wait(")],
        # HOLDER_KEPT_IN_HAND: the failed flight is handed on (to be retried later)
        [
            ("\t\tf.err = err\n", "\t\tf.err = err\n\t\tr.requeue(f)\n"),
            (
                "func (r *Resolver) wait(",
                "func (r *Resolver) requeue(*flight) {}\n\nfunc (r *Resolver) wait(",
            ),
        ],
        # HOLDER_KEPT_IN_HAND: a nil holder has no gate to close
        [
            (
                "\taddr, err := r.lookup(ctx, host)\n",
                '\tif f == nil {\n\t\treturn "", errNoAddress\n'
                "\t}\n\taddr, err := r.lookup(ctx, host)\n",
            )
        ],
        # NO_SECOND_LOOK: the close is guarded by a look at the gate
        [
            (
                "\tclose(f.done)\n",
                "\tselect {\n\tcase <-f.done:\n\tdefault:\n\t\tclose(f.done)\n\t}\n",
            )
        ],
        # NO_SECOND_LOOK: a flag the closer sets guards its close
        [
            ("\taddr string\n", "\taddr string\n\tover bool\n"),
            (
                "\taddr, err := r.lookup(ctx, host)\n",
                "\tif f.over {\n\t\treturn f.addr, nil\n\t}\n\taddr, err := r.lookup(ctx, host)\n",
            ),
            ("\tclose(f.done)\n", "\tf.over = true\n\tclose(f.done)\n"),
        ],
        # the holders share one gate: no fresh gate per holder
        [
            ("f := &flight{done: make(chan struct{})}", "f := &flight{done: r.gate}"),
            (
                "\tflights map[string]*flight\n",
                "\tflights map[string]*flight\n\tgate    chan struct{}\n",
            ),
        ],
        # the closer closes on every path
        [("\t\tf.err = err\n", "\t\tf.err = err\n\t\tclose(f.done)\n")],
        # CALLERS_IN_VIEW: an exported closer may be called, and retried, from anywhere
        [("resolve(ctx", "Lead(ctx")],
        # CALLERS_IN_VIEW: a closer nobody in the package calls
        [("\t\treturn r.resolve(ctx, host, f)\n", '\t\treturn "", nil\n')],
        # MADE_BY_THE_CALLER: a caller that builds the holder drops it when the closer fails
        [
            (
                "\tf, leader := r.join(host)\n",
                '\tf, leader := r.join(host)\n\tif host == "" {\n\t\tf = &flight{done: '
                "make(chan struct{})}\n\t}\n",
            )
        ],
    ],
)
def test_a_guard_keeps_the_handed_gate_silent(edits: list[tuple[str, str]]) -> None:
    assert "GL022" not in codes_after(HANDED, *edits)
