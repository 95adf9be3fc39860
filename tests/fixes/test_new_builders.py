"""The builders for loops, helpers, kept cancels, WaitGroup counts and locks, on small
inline snippets: what they write, and when they refuse."""

from __future__ import annotations

from goleash import fixes
from goleash.model import Applicability
from goleash.source import SourceFile

from .snippets import applied, context, go, node, nodes

FOR = "(for_statement) @n"
SEND = "(send_statement) @n"
FUNC_LIT = "(func_literal) @n"
CALL = "(call_expression) @n"


def _function(ctx, name: str):
    return next(
        n
        for n in ctx.file.root.named_children
        if n.type in ("function_declaration", "method_declaration")
        and n.child_by_field_name("name").text.decode() == name
    )


def test_stop_field_realigns_the_struct_and_closes_in_close():
    ctx = context(
        go("""
        package p

        type C struct {
        	in chan int
        	n  int
        }

        func (c *C) Start() {
        	go c.loop()
        }

        func (c *C) loop() {
        	for {
        		select {
        		case v := <-c.in:
        			c.n += v
        		}
        	}
        }

        func (c *C) Close() {
        	c.n = 0
        }
        """)
    )
    loop = _function(ctx, "loop")
    fix = fixes.stop_field(ctx, node(ctx, FOR), loop, node(ctx, "(go_statement) @n"))
    assert fix.applicability is Applicability.UNSAFE
    out = applied(ctx, fix)
    assert "\tin   chan int\n\tn    int\n\tstop chan struct{}\n}" in out
    assert "\tc.stop = make(chan struct{})\n\tgo c.loop()" in out
    assert "func (c *C) Close() {\n\tclose(c.stop)\n" in out
    assert "\t\tcase <-c.stop:\n\t\t\treturn\n" in out


def test_stop_field_needs_a_close_method():
    ctx = context(
        go("""
        package p

        type C struct{ in chan int }

        func (c *C) Start() { go c.loop() }

        func (c *C) loop() {
        	for {
        		<-c.in
        	}
        }
        """)
    )
    assert (
        fixes.stop_field(
            ctx, node(ctx, FOR), _function(ctx, "loop"), node(ctx, "(go_statement) @n")
        )
        is None
    )


def test_ticker_range_keeps_the_body_and_refuses_a_break():
    src = """
        package p

        import (
        	"context"
        	"time"
        )

        func f(ctx context.Context) {
        	go func() {
        		t := time.NewTicker(time.Second)
        		for now := range t.C {
        			if now.IsZero() {
        				%s
        			}
        		}
        	}()
        }
        """
    ctx = context(go(src % "continue"))
    decl = node(ctx, "(short_var_declaration) @n")
    out = applied(ctx, fixes.stop_ticker_range(ctx, decl, "t"))
    assert (
        "\t\tdefer t.Stop()\n\t\tfor {\n\t\t\tselect {\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n"
        "\t\t\tcase now := <-t.C:\n\t\t\t\tif now.IsZero() {\n\t\t\t\t\tcontinue\n" in out
    )
    ctx = context(go(src % "break"))
    assert fixes.stop_ticker_range(ctx, node(ctx, "(short_var_declaration) @n"), "t") is None


def test_stop_channel_is_never_offered_in_a_helper_that_returns_the_channel():
    ctx = context(
        go("""
        package p

        func gen() <-chan int {
        	out := make(chan int)
        	go func() {
        		for i := 0; ; i++ {
        			out <- i
        		}
        	}()
        	return out
        }
        """)
    )
    assert fixes.stop_channel(ctx, node(ctx, SEND), node(ctx, FUNC_LIT)) is None


def test_thread_way_out_adds_a_done_parameter_and_closes_it_in_the_caller():
    ctx = context(
        go("""
        package p

        func gen() <-chan int {
        	out := make(chan int)
        	go func() {
        		for i := 0; ; i++ {
        			out <- i
        		}
        	}()
        	return out
        }

        func First() int {
        	for v := range gen() {
        		return v
        	}
        	return 0
        }
        """)
    )
    fix = fixes.thread_way_out(ctx, _function(ctx, "gen"), node(ctx, SEND))
    assert fix.applicability is Applicability.UNSAFE
    out = applied(ctx, fix)
    assert "func gen(done <-chan struct{}) <-chan int {" in out
    assert "\tdone := make(chan struct{})\n\tdefer close(done)\n\tfor v := range gen(done) {" in out
    assert "\t\t\tcase <-done:\n\t\t\t\treturn\n" in out


def test_thread_way_out_refuses_a_helper_called_from_another_file():
    src = go("""
        package p

        func gen() <-chan int {
        	out := make(chan int)
        	go func() {
        		for i := 0; ; i++ {
        			out <- i
        		}
        	}()
        	return out
        }

        func First() int { return <-gen() }
        """)
    other = SourceFile("other.go", b"package p\n\nfunc Second() int { return <-gen() }\n")
    ctx = context(src, siblings=[other])
    assert fixes.thread_way_out(ctx, _function(ctx, "gen"), node(ctx, SEND)) is None


def test_add_where_started_counts_each_goroutine_where_it_starts():
    ctx = context(
        go("""
        package p

        import "sync"

        func f(xs []string) {
        	var wg sync.WaitGroup
        	wg.Add(len(xs))
        	for _, x := range xs {
        		if x == "" {
        			continue
        		}
        		go func() {
        			defer wg.Done()
        		}()
        	}
        	wg.Wait()
        }
        """)
    )
    wait = next(n for n in nodes(ctx, CALL) if n.text == b"wg.Wait()")
    out = applied(ctx, fixes.add_where_started(ctx, wait, "wg"))
    assert "wg.Add(len(xs))" not in out and "\t\twg.Add(1)\n\t\tgo func() {" in out


def test_add_where_started_refuses_a_count_it_cannot_match():
    ctx = context(
        go("""
        package p

        import "sync"

        func f(n int) {
        	var wg sync.WaitGroup
        	wg.Add(n)
        	go func() { defer wg.Done() }()
        	wg.Wait()
        }
        """)
    )
    wait = next(n for n in nodes(ctx, CALL) if n.text == b"wg.Wait()")
    assert fixes.add_where_started(ctx, wait, "wg") is None


def test_locked_variant_forwards_parameters_and_results():
    ctx = context(
        go("""
        package p

        import "sync"

        type S struct {
        	mu sync.Mutex
        	m  map[string]int
        }

        func (s *S) Bump(k string) int {
        	s.mu.Lock()
        	defer s.mu.Unlock()
        	return s.get(k, 1)
        }

        func (s *S) get(k string, d int) int {
        	s.mu.Lock()
        	defer s.mu.Unlock()
        	s.m[k] += d
        	return s.m[k]
        }
        """)
    )
    get = _function(ctx, "get")
    call = next(n for n in nodes(ctx, CALL) if n.text == b"s.get(k, 1)")
    lock = get.child_by_field_name("body").named_children[0]
    lock = lock if lock.type == "expression_statement" else lock.named_children[0]
    out = applied(ctx, fixes.locked_variant(ctx, call, get, lock))
    assert "\treturn s.getLocked(k, 1)\n" in out
    assert "\tdefer s.mu.Unlock()\n\treturn s.getLocked(k, d)\n}" in out
    assert "func (s *S) getLocked(k string, d int) int {\n\ts.m[k] += d\n\treturn s.m[k]\n}" in out


def test_send_before_return_uses_the_zero_value_of_the_element_type():
    ctx = context(
        go("""
        package p

        type rec struct{ n int }

        func f(ok bool) rec {
        	out := make(chan rec)
        	go func() {
        		if !ok {
        			return
        		}
        		out <- rec{1}
        	}()
        	return <-out
        }
        """)
    )
    ret = node(ctx, "(return_statement) @n")
    fix = fixes.send_before_return(ctx, ret, node(ctx, SEND))
    assert fix.applicability is Applicability.UNSAFE
    assert "\t\t\tout <- rec{}\n\t\t\treturn\n" in applied(ctx, fix)


def test_close_on_every_way_out_merges_the_closes_of_several_paths():
    ctx = context(
        go("""
        package p

        import "errors"

        type S struct{ quit chan struct{} }

        func (s *S) Stop(mode int) error {
        	if mode == 0 {
        		return errors.New("refused")
        	}
        	if mode == 1 {
        		close(s.quit)
        		return nil
        	}
        	close(s.quit)
        	return nil
        }
        """)
    )
    ret = node(ctx, "(return_statement) @n")
    fix = fixes.close_on_every_way_out(ctx, ret, "s.quit")
    assert fix.applicability is Applicability.SAFE
    out = applied(ctx, fix)
    assert out.count("close(s.quit)") == 1
    assert "func (s *S) Stop(mode int) error {\n\tdefer close(s.quit)\n\tif mode == 0 {" in out
