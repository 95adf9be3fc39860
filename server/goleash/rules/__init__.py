"""The rule catalogue: one module per rule, each with its documentation."""

from __future__ import annotations

import importlib

from goleash.rules.base import Rule

_MODULES = (
    "gl001_select_abandons_sender",
    "gl002_early_return_skips_receive",
    "gl003_orphaned_goroutine",
    "gl004_single_receive_many_senders",
    "gl005_collector_returns_early",
    "gl006_consumer_abandons_producer",
    "gl007_pipeline_send_without_exit",
    "gl008_range_never_closed",
    "gl009_forever_loop",
    "gl010_goroutine_never_stopped",
    "gl011_send_without_return",
    "gl012_lost_cancel",
    "gl013_returned_unbuffered_result",
    "gl014_nil_channel",
    "gl015_waitgroup_done_skipped",
    "gl016_double_lock",
    "gl017_lock_not_released",
    "gl018_ticker_never_stopped",
    "gl021_wait_before_receive",
    "gl022_receive_never_served",
    "gl023_sends_exceed_buffer",
    "gl024_lock_order_inversion",
    "gl025_cond_wait_never_woken",
    "gl026_channel_op_under_lock",
    "gl027_once_do_reentered",
    "gl028_waitgroup_waits_for_itself",
    "gl029_cond_flag_not_woken",
    "gl030_lock_held_through_recover",
    "gl100_unused_suppression",
)

ALL_RULES: tuple[Rule, ...] = tuple(
    importlib.import_module(f"goleash.rules.{m}").RULE for m in _MODULES
)
BY_CODE = {r.code: r for r in ALL_RULES}
UNUSED_SUPPRESSION = BY_CODE["GL100"]


def get(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    upper = key.upper()
    # GL3 and GL03 mean GL003: the catalogue once used two digits.
    if upper.startswith("GL") and upper[2:].isdigit():
        upper = "GL" + upper[2:].zfill(3)
    return BY_CODE.get(upper) or next((r for r in ALL_RULES if r.name == key.lower()), None)
