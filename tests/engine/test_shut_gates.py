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
