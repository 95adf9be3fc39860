"""cond_wakeups.py's OUTCOME_ON_EACH_BRANCH and CONDITION_IN_A_LOCAL: a method that
records a failure in one map field of the object and returns, and a success in another
followed by a `Broadcast`, while a waiter's loop tests a local set from a method reading
both. The leaky fixture `GL029/outcome_recorded_unwoken.go` and its twin are proved
under goleak; here, each condition of the judgement broken in turn."""

from __future__ import annotations

from .edited_fixtures import codes_after

FIXTURE = "GL029/outcome_recorded_unwoken.go"


def test_the_fixture_is_reported_and_its_twin_is_not() -> None:
    assert codes_after(FIXTURE) == ["GL029"]
    assert codes_after("GL029/fixed_outcome_recorded_woken.go") == []


def test_a_failure_path_that_tests_the_object_is_a_deliberate_skip() -> None:
    # DATA_BRANCH: the path is chosen by the object's own state.
    reads_the_object = (
        "\tif err != nil {\n\t\tg.broken",
        "\tif err != nil && g.took != nil {\n\t\tg.broken",
    )
    assert codes_after(FIXTURE, reads_the_object) == []


def test_a_change_of_another_kind_on_the_failure_path_is_not_judged() -> None:
    # Forgetting every result only makes the waits longer: nothing to wake for.
    resets = ("\t\tg.broken[name] = err\n", "\t\tg.built = map[string]bool{}\n")
    assert codes_after(FIXTURE, resets) == []


def test_a_local_the_loop_tests_is_followed_into_the_method_that_sets_it() -> None:
    # The same wait, with the condition read from the fields directly: found either way.
    direct = (
        "\tfor !done {\n",
        "\tfor len(g.broken) == 0 && !done {\n",
    )
    assert codes_after(FIXTURE, direct) == ["GL029"]
    # A local set from something that reads no field of the object: nothing to follow.
    unrelated = ("g.ready(deps)", "len(deps) == 0, error(nil)")  # (both assignments)
    assert codes_after(FIXTURE, unrelated) == []
