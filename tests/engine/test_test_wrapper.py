"""TEST_WRAPPER (testing_calls._embeds_a_test): a struct that embeds a test
(`type testCtx struct { *testing.T; ... }`) fails the test with its promoted `Fatal`,
so what follows it runs only in a failing test (audit 21, earthly's auth provider
tests: a goroutine taken as abandoned by a select whose timeout case calls
`t.Fatal` on such a wrapper)."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source

SOURCE = """package p

import (
	"testing"
	"time"
)

{outer}

func fetch() int {{ return 1 }}

func TestFetch(tt *testing.T) {{
	{inner}
	t := wrapper{{T: tt}}
	res := make(chan int)
	go func() {{
		res <- fetch()
	}}()
	select {{
	case v := <-res:
		_ = v
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}}
}}
"""

EMBEDS = "type wrapper struct {\n\t*testing.T\n\tname string\n}"
OWN = "type wrapper struct {\n\tT *testing.T\n\tname string\n}\n\nfunc (w wrapper) Fatal(args ...any) {}"


def _codes(outer: str, inner: str) -> list[str]:
    src = SOURCE.format(outer=outer, inner=inner).encode()
    return [f.code for f in analyze_source(src, "p_test.go").findings]


@pytest.mark.parametrize("outer, inner", [(EMBEDS, ""), ("", EMBEDS.replace("\n", "\n\t"))])
def test_a_wrapper_embedding_the_test_fails_it(outer: str, inner: str) -> None:
    assert _codes(outer, inner) == []


def test_a_struct_with_a_test_field_and_its_own_fatal_does_not() -> None:
    # `Fatal` is the struct's own method here: the select goes on, the sender is left.
    assert _codes(OWN, "") == ["GL001"]
