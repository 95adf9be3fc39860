"""Fix builders: turn what a rule found into edits that remove the leak.

The rules call these with the nodes they already hold. Each returns a `Fix`
(or None when no correct edit exists for this code); the rule decides which fix
is preferred. Placeholders until the fix builders land: they offer nothing.
"""

from __future__ import annotations


def buffer_channel(ctx, ch, capacity: str):
    """make(chan T) -> make(chan T, capacity). Unsafe: it changes behaviour."""
    return None


def defer_close(ctx, ch):
    """`defer close(ch)` right after ch's make statement."""
    return None


def add_done_case(ctx, select, func):
    """Add `case <-ctx.Done(): return ...` (or the done/stop/quit channel in scope) to `select`."""
    return None


def wrap_in_select(ctx, op_node, func):
    """`ch <- v` / `v := <-ch` -> select with a ctx.Done() (or stop channel) way out."""
    return None


def insert_return_after(ctx, stmt, func):
    """Insert `return` (with zero values) after `stmt`."""
    return None


def defer_cancel(ctx, assignment, cancel_name: str):
    """`defer cancel()` after the WithCancel/WithTimeout assignment (naming `_` first if needed)."""
    return None


def make_nil_channel(ctx, var_spec):
    """`var ch chan T` -> `ch := make(chan T)`."""
    return None


def defer_stop(ctx, assignment, name: str):
    """`defer t.Stop()` after a NewTicker/NewTimer assignment."""
    return None
