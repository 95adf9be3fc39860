"""One reading of "this call stops or fails the test", for the control-flow graph and the
held-lock paths alike: through a parameter (`t`) and through a struct field (`s.tb`)."""

from __future__ import annotations

import pytest
from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import testing_calls
from goleash.analysis.cfg import TESTFAIL
from goleash.analysis.functions import Function, Functions
from goleash.analysis.package import Package
from goleash.engine import analyze_source
from goleash.source import SourceFile

SOURCE = b"""package p

import (
	"testing"

	"example.com/internal/testenv"
)

type harness struct {
	tb  testing.TB
	env testenv.TB
	log logger
}

type logger struct{}

func (logger) Fatal(string) {}

func (h *harness) run(t *testing.T, ok bool) {
	t.Fatal("param")
	h.tb.Fatal("field")
	h.tb.Errorf("field %d", 1)
	h.env.Skip("helper package")
	h.log.Fatal("not a test")
	t.Log("not a stop")
	if !ok {
		h.tb.Error("failed")
		return
	}
}
"""


def _method() -> tuple[Function, dict[str, Node]]:
    """The method `run` and its calls by their text."""
    file = SourceFile("p.go", SOURCE)
    method = next(
        n
        for n in file.root.named_children
        if n.type == "method_declaration" and gosyntax.function_name(n) == "run"
    )
    func = Functions(Package(file)).get(method, file)
    calls = {
        gosyntax.text(n): n
        for n in gosyntax.walk(gosyntax.field(method, "body"))
        if n.type == "call_expression"
    }
    return func, calls


@pytest.mark.parametrize(
    ("call", "method"),
    [
        ('t.Fatal("param")', "Fatal"),
        ('h.tb.Fatal("field")', "Fatal"),
        ('h.tb.Errorf("field %d", 1)', "Errorf"),
        ('h.env.Skip("helper package")', "Skip"),
        ('h.log.Fatal("not a test")', None),
        ('t.Log("not a stop")', None),
    ],
)
def test_test_method_reads_the_receivers_type(call: str, method: str | None) -> None:
    func, calls = _method()
    assert testing_calls.test_method(calls[call], func.resolver) == method


def test_the_graph_ends_paths_at_a_fields_test_stop_and_failed_return() -> None:
    func, _calls = _method()
    cfg = func.cfg
    assert cfg is not None
    ends = {gosyntax.text(n.ast) for n in cfg.nodes if n.kind == TESTFAIL and n.ast is not None}
    # Before one reading served both, the graph missed the field (`h.tb`) forms.
    assert any(e.startswith("h.tb.Fatal") for e in ends), ends
    assert "return" in ends, ends


# A goroutine abandoned after the test failed through a field: a leak only in a run
# that already failed, so GL002 stays silent, as it does for `t.Errorf(...); return`.
FAILED_THROUGH_A_FIELD = b"""package helperfatal

import "testing"

func background() int { return 3 }

type harness struct {
	tb testing.TB
}

func (h *harness) fetch(ok bool) int {
	res := make(chan int)
	go func() {
		res <- background()
	}()
	if !ok {
		h.tb.Errorf("not ready")
		return 0
	}
	return <-res
}
"""


def test_a_return_after_a_fields_test_failure_reports_no_leak() -> None:
    assert analyze_source(FAILED_THROUGH_A_FIELD, "helper_test.go").findings == []
    # The same code failing through nothing a test owns is a leak.
    plain = FAILED_THROUGH_A_FIELD.replace(b'h.tb.Errorf("not ready")', b"println()")
    assert [f.code for f in analyze_source(plain, "helper_test.go").findings] == ["GL002"]
