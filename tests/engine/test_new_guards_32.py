"""Guards of the thirty-second pass, each broken by an edit of its near-miss fixture:

- VALUE_USED_IN_PLACE (dropped_entries.py): a removal that binds the entry's value is
  judged only while that value is used in place; handed on, someone else may close it.
- FINAL_WORD_ELSEWHERE and ONLY_THE_PRODUCER_SPEAKS (liveness.py): a consumer leaving
  on the producer's last message, sent on another channel after its last value, strands
  nothing; a second sender on that channel makes the message no proof.
- CALLER_CONTEXT_ONLY (liveness.py): the caller's context is no way out, unless the
  function derives one (and may cancel it) or waits on one itself.
- CHANGED_BY_HAND (cond_wakeups.py): the hand-made change must be the very change the
  waking method makes.
- DRAINED_ON_THE_WAY_OUT (liveness.py): a deferred range drains a stream left early.
"""

from __future__ import annotations

from .edited_fixtures import codes_after


def test_an_entry_handed_on_may_be_closed_by_whoever_gets_it() -> None:
    assert codes_after("GL008/fixed_entry_handed_on.go") == []
    kept = ("\tgo retire(w)\n", "")
    assert codes_after("GL008/fixed_entry_handed_on.go", kept) == ["GL008"]


def test_a_second_sender_on_the_final_channel_makes_it_no_proof() -> None:
    assert codes_after("GL007/fixed_pair_drained.go") == []
    another = (
        "\treturn ch, errc\n",
        '\tgo func() { errc <- errors.New("early") }()\n\treturn ch, errc\n',
    )
    assert "GL006" in codes_after("GL007/fixed_pair_drained.go", another)


def test_a_derived_or_watched_context_is_left_to_the_function() -> None:
    assert codes_after("GL006/fixed_caller_context_cancelled.go") == []
    underived = ("\tctx, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n", "")
    assert codes_after("GL006/fixed_caller_context_cancelled.go", underived) == ["GL006"]
    watched = (
        '\t\tif l == "BAD" {',
        '\t\tif ctx.Err() != nil {\n\t\t\t<-ctx.Done()\n\t\t}\n\t\tif l == "BAD" {',
    )
    assert codes_after("GL006/caller_context_stream.go", watched) == []


def test_a_different_change_by_hand_is_not_the_waking_one() -> None:
    assert codes_after("GL029/fixed_changed_by_hand.go") == []
    by_hand = (
        "\tif err := fn(); err != nil {\n\t\tl.release()\n",
        "\tif err := fn(); err != nil {\n\t\tl.mu.Lock()\n\t\tl.inUse--\n\t\tl.mu.Unlock()\n",
    )
    assert codes_after("GL029/fixed_changed_by_hand.go", by_hand) == ["GL029"]
    other = (
        "\tif err := fn(); err != nil {\n\t\tl.release()\n",
        "\tif err := fn(); err != nil {\n\t\tl.mu.Lock()\n\t\tl.inUse -= 0\n\t\tl.mu.Unlock()\n",
    )
    assert codes_after("GL029/fixed_changed_by_hand.go", other) == []


def test_a_deferred_range_drains_the_stream() -> None:
    assert codes_after("GL006/fixed_stream_drained_on_the_way_out.go") == []
    undrained = ("\tdefer func() {\n\t\tfor range squares {\n\t\t}\n\t}()\n", "")
    assert codes_after("GL006/fixed_stream_drained_on_the_way_out.go", undrained) == ["GL006"]
