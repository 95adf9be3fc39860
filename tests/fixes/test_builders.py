"""Each fix builder on small inline Go snippets: exact output, parses, gofmt-clean."""

from __future__ import annotations

from goleash import fixes
from goleash.model import Applicability

from .snippets import applied, channel, context, go, node

SEND = "(send_statement) @n"
RECV = '(unary_expression operator: "<-") @n'
SELECT = "(select_statement) @n"
FUNC_LIT = "(func_literal) @n"


def test_buffer_channel_adds_capacity_and_is_unsafe():
    ctx = context(
        go("""
        package p

        func f() int {
        	ch := make(chan int)
        	go func() { ch <- 1 }()
        	return <-ch
        }
        """)
    )
    fix = fixes.buffer_channel(ctx, channel(ctx, "ch"), "1")
    assert fix.applicability is Applicability.UNSAFE
    assert "ch := make(chan int, 1)\n" in applied(ctx, fix)


def test_buffer_channel_replaces_existing_capacity():
    ctx = context(
        go("""
        package p

        func f(xs []int) {
        	ch := make(chan int, 0)
        	for range xs {
        		go func() { ch <- 1 }()
        	}
        	<-ch
        }
        """)
    )
    assert "make(chan int, len(xs))" in applied(
        ctx, fixes.buffer_channel(ctx, channel(ctx, "ch"), "len(xs)")
    )


def test_defer_close_goes_right_after_make_keeping_its_comment():
    ctx = context(
        go("""
        package p

        func f() {
        	ch := make(chan int) // jobs
        	go func() {
        		for range ch {
        		}
        	}()
        	ch <- 1
        }
        """)
    )
    fix = fixes.defer_close(ctx, channel(ctx, "ch"))
    assert fix.applicability is Applicability.SAFE
    assert "\tch := make(chan int) // jobs\n\tdefer close(ch)\n\tgo func() {" in applied(ctx, fix)


def test_defer_close_refuses_when_a_goroutine_closes_or_sends():
    closes = context(
        go("""
        package p

        func f() {
        	ch := make(chan int)
        	go func() { close(ch) }()
        	<-ch
        }
        """)
    )
    assert fixes.defer_close(closes, channel(closes, "ch")) is None
    sends = context(
        go("""
        package p

        func f() {
        	ch := make(chan int)
        	go func() { ch <- 1 }()
        	go func() { <-ch }()
        }
        """)
    )
    assert fixes.defer_close(sends, channel(sends, "ch")) is None


def test_defer_close_moves_the_owners_close_and_folds_blank_lines():
    ctx = context(
        go("""
        package p

        func f(fail bool) error {
        	done := make(chan struct{})
        	go func() { <-done }()
        	if fail {
        		return nil
        	}

        	close(done)

        	return nil
        }
        """)
    )
    fix = fixes.defer_close(ctx, channel(ctx, "done"))
    assert fix.applicability is Applicability.SAFE
    out = applied(ctx, fix)
    assert out.count("close(done)") == 1 and "\tdefer close(done)\n" in out
    assert "\t}\n\n\treturn nil\n}" in out


def test_defer_close_moving_a_close_with_work_after_it_is_unsafe():
    ctx = context(
        go("""
        package p

        func f(fail bool) {
        	done := make(chan struct{})
        	go func() { <-done }()
        	if fail {
        		return
        	}
        	close(done)
        	println("after")
        }
        """)
    )
    assert fixes.defer_close(ctx, channel(ctx, "done")).applicability is Applicability.UNSAFE


def test_wrap_send_in_one_line_goroutine_opens_the_block():
    ctx = context(
        go("""
        package p

        import "context"

        func f(ctx context.Context) {
        	ch := make(chan int)
        	go func() { ch <- 1 }()
        	_ = ch
        }
        """)
    )
    fix = fixes.wrap_in_select(ctx, node(ctx, SEND), node(ctx, FUNC_LIT))
    assert fix.applicability is Applicability.SAFE
    assert go("""
        	go func() {
        		select {
        		case ch <- 1:
        		case <-ctx.Done():
        			return
        		}
        	}()
        """).decode() in applied(ctx, fix)


def test_wrap_define_receive_declares_variables_and_returns_zero_values_and_ctx_err():
    ctx = context(
        go("""
        package p

        import "context"

        type T struct{ a int }

        func get(ctx context.Context, ch <-chan *T) (T, int, string, error) {
        	v, ok := <-ch
        	_, _ = v, ok
        	return T{}, 0, "", nil
        }
        """)
    )
    out = applied(ctx, fixes.wrap_in_select(ctx, node(ctx, RECV), None))
    assert (
        go("""
        	var v *T
        	var ok bool
        	select {
        	case v, ok = <-ch:
        	case <-ctx.Done():
        		return T{}, 0, "", ctx.Err()
        	}
        """).decode()
        in out
    )


def test_wrap_assignment_and_bare_receive_and_return_receive():
    src = go("""
        package p

        import "context"

        func a(ctx context.Context, ch chan int) (x int) {
        	x = <-ch
        	<-ch
        	return <-ch
        }
        """)
    ctx = context(src)
    assign = applied(ctx, fixes.wrap_in_select(ctx, node(ctx, RECV, 0), None))
    assert "\tselect {\n\tcase x = <-ch:\n\tcase <-ctx.Done():\n\t\treturn 0\n\t}\n" in assign
    bare = applied(ctx, fixes.wrap_in_select(ctx, node(ctx, RECV, 1), None))
    assert "\tselect {\n\tcase <-ch:\n\tcase <-ctx.Done():\n\t\treturn 0\n\t}\n" in bare
    ret = applied(ctx, fixes.wrap_in_select(ctx, node(ctx, RECV, 2), None))
    assert (
        "\tselect {\n\tcase v := <-ch:\n\t\treturn v\n\tcase <-ctx.Done():\n\t\treturn 0\n\t}\n}"
        in ret
    )


def test_wrap_uses_a_done_channel_when_there_is_no_context():
    ctx = context(
        go("""
        package p

        func gen(done <-chan struct{}, xs []int) <-chan int {
        	out := make(chan int)
        	go func() {
        		defer close(out)
        		for _, x := range xs {
        			out <- x
        		}
        	}()
        	return out
        }
        """)
    )
    out = applied(ctx, fixes.wrap_in_select(ctx, node(ctx, SEND), node(ctx, FUNC_LIT)))
    assert (
        "\t\t\tselect {\n\t\t\tcase out <- x:\n\t\t\tcase <-done:\n\t\t\t\treturn\n\t\t\t}\n" in out
    )


def test_wrap_finds_a_context_variable_and_a_receiver_stop_field():
    var = context(
        go("""
        package p

        import "context"

        func f(ch chan int) {
        	ctx, cancel := context.WithCancel(context.Background())
        	defer cancel()
        	go func() { ch <- 1 }()
        	_ = ctx
        }
        """)
    )
    assert "case <-ctx.Done():" in applied(var, fixes.wrap_in_select(var, node(var, SEND), None))
    field = context(
        go("""
        package p

        type S struct {
        	out  chan int
        	quit chan struct{}
        }

        func (s *S) run() {
        	s.out <- 1
        }

        func (s *S) Stop() { close(s.quit) }
        """)
    )
    assert "case <-s.quit:" in applied(field, fixes.wrap_in_select(field, node(field, SEND), None))


def test_wrap_passes_over_a_stop_field_nothing_closes():
    # NEVER_RELEASED: a `case <-s.quit` that can never fire would stop nothing.
    field = context(
        go("""
        package p

        type S struct {
        	out  chan int
        	quit chan struct{}
        }

        func (s *S) run() {
        	s.out <- 1
        }
        """)
    )
    assert fixes.wrap_in_select(field, node(field, SEND), None) is None


def test_wrap_keeps_a_multi_line_send_value():
    ctx = context(
        go("""
        package p

        import "context"

        type R struct{ A, B int }

        func f(ctx context.Context, ch chan R) {
        	ch <- R{
        		A: 1,
        		B: 2,
        	}
        }
        """)
    )
    assert go("""
        	select {
        	case ch <- R{
        		A: 1,
        		B: 2,
        	}:
        	case <-ctx.Done():
        		return
        	}
        """).decode() in applied(ctx, fixes.wrap_in_select(ctx, node(ctx, SEND), None))


def test_wrap_without_any_way_out_offers_nothing():
    ctx = context(
        go("""
        package p

        func f(ch chan int, stop chan<- struct{}) {
        	ch <- 1
        }
        """)
    )
    assert fixes.wrap_in_select(ctx, node(ctx, SEND), None) is None


def test_zero_values_of_named_types_resolve_declarations():
    ctx = context(
        go("""
        package p

        import (
        	"context"
        	"time"
        )

        type ID int
        type Name string
        type Opts struct{}
        type Handler func()

        func f[T any](ctx context.Context, ch chan int) (ID, Name, Opts, Handler, time.Duration, *int, []byte, [2]int, T, bool, Other, error) {
        	<-ch
        	panic(1)
        }
        """)
    )
    out = applied(ctx, fixes.wrap_in_select(ctx, node(ctx, RECV), None))
    assert (
        '\t\treturn 0, "", Opts{}, nil, 0, nil, nil, [2]int{}, *new(T), false, *new(Other), ctx.Err()\n'
        in out
    )


def test_add_done_case_aligns_with_the_select_and_is_safe():
    ctx = context(
        go("""
        package p

        import "context"

        func loop(ctx context.Context, in chan int) {
        	go func() {
        		for {
        			select {
        			case v := <-in:
        				_ = v
        			}
        		}
        	}()
        }
        """)
    )
    fix = fixes.add_done_case(ctx, node(ctx, SELECT), node(ctx, FUNC_LIT))
    assert fix.applicability is Applicability.SAFE
    assert "\t\t\t\t_ = v\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\t}\n" in applied(ctx, fix)


def test_add_done_case_refuses_a_select_with_default_or_nothing_in_scope():
    ctx = context(
        go("""
        package p

        func loop(in chan int) {
        	for {
        		select {
        		case <-in:
        		}
        	}
        }

        func poll(done chan struct{}, in chan int) {
        	select {
        	case <-in:
        	default:
        	}
        }
        """)
    )
    assert fixes.add_done_case(ctx, node(ctx, SELECT, 0), None) is None
    assert fixes.add_done_case(ctx, node(ctx, SELECT, 1), None) is None


def test_stop_channel_in_parent_and_goroutine():
    ctx = context(
        go("""
        package p

        func first(xs []int) int {
        	vals := make(chan int)
        	go func() {
        		for _, x := range xs {
        			vals <- x
        		}
        	}()
        	return <-vals
        }
        """)
    )
    fix = fixes.stop_channel(ctx, node(ctx, SEND), node(ctx, FUNC_LIT))
    assert fix.applicability is Applicability.UNSAFE
    assert go("""
        	vals := make(chan int)
        	stop := make(chan struct{})
        	defer close(stop)
        	go func() {
        		for _, x := range xs {
        			select {
        			case vals <- x:
        			case <-stop:
        				return
        			}
        		}
        	}()
        """).decode() in applied(ctx, fix)


def test_stop_channel_adds_a_case_to_an_existing_select_with_a_fresh_name():
    ctx = context(
        go("""
        package p

        func f(in chan int, stop int) {
        	go func() {
        		for {
        			select {
        			case <-in:
        			}
        		}
        	}()
        }
        """)
    )
    out = applied(ctx, fixes.stop_channel(ctx, None, node(ctx, FUNC_LIT), node(ctx, SELECT)))
    assert "\tstopCh := make(chan struct{})\n\tdefer close(stopCh)\n\tgo func() {" in out
    assert "\t\t\tcase <-stopCh:\n\t\t\t\treturn\n" in out


def test_close_after_wait_for_several_producers():
    ctx = context(
        go("""
        package p

        import "sync"

        func f(xs []int) (sum int) {
        	ch := make(chan int)
        	var wg sync.WaitGroup
        	for _, x := range xs {
        		wg.Add(1)
        		go func(x int) {
        			defer wg.Done()
        			ch <- x
        		}(x)
        	}
        	for v := range ch {
        		sum += v
        	}
        	return sum
        }
        """)
    )
    fix = fixes.close_after_wait(ctx, channel(ctx, "ch"))
    assert go("""
        	}
        	go func() {
        		wg.Wait()
        		close(ch)
        	}()
        	for v := range ch {
        """).decode() in applied(ctx, fix)


def test_insert_return_after_error_send():
    ctx = context(
        go("""
        package p

        func f(errc chan error, fail bool) {
        	go func() {
        		var err error
        		if fail {
        			errc <- err
        		}
        		errc <- nil
        	}()
        }
        """)
    )
    fix = fixes.insert_return_after(ctx, node(ctx, SEND, 0), node(ctx, FUNC_LIT))
    assert fix.applicability is Applicability.UNSAFE
    assert "\t\t\terrc <- err\n\t\t\treturn\n\t\t}\n" in applied(ctx, fix)


def test_defer_cancel_names_a_discarded_cancel():
    ctx = context(
        go("""
        package p

        import (
        	"context"
        	"time"
        )

        func f(p context.Context) error {
        	ctx, _ := context.WithTimeout(p, time.Second)
        	return ctx.Err()
        }
        """)
    )
    fix = fixes.defer_cancel(ctx, node(ctx, "(short_var_declaration) @n"), "_")
    assert fix.applicability is Applicability.SAFE
    assert "\tctx, cancel := context.WithTimeout(p, time.Second)\n\tdefer cancel()\n" in applied(
        ctx, fix
    )


def test_defer_stop_and_make_nil_channel():
    ctx = context(
        go("""
        package p

        import "time"

        func f() {
        	t := time.NewTicker(time.Second)
        	var ch chan string
        	go func() {
        		for range ch {
        		}
        	}()
        	<-t.C
        }
        """)
    )
    assert "\tt := time.NewTicker(time.Second)\n\tdefer t.Stop()\n" in applied(
        ctx, fixes.defer_stop(ctx, node(ctx, "(short_var_declaration) @n"), "t")
    )
    assert "\tvar ch = make(chan string)\n" in applied(
        ctx, fixes.make_nil_channel(ctx, node(ctx, "(var_spec) @n"))
    )


def test_make_nil_channel_leaves_var_blocks_alone():
    ctx = context(
        go("""
        package p

        func f() {
        	var (
        		ch chan int
        		n  int
        	)
        	_, _ = ch, n
        }
        """)
    )
    assert fixes.make_nil_channel(ctx, node(ctx, "(var_spec) @n")) is None


def test_builders_refuse_generated_files_and_nodes_of_other_files():
    src = go("""
        // Code generated by gen. DO NOT EDIT.

        package p

        func f() {
        	ch := make(chan int)
        	go func() { <-ch }()
        }
        """)
    ctx = context(src)
    assert fixes.defer_close(ctx, channel(ctx, "ch")) is None
    other = context(src.replace(b"// Code generated by gen. DO NOT EDIT.\n", b"// hand written\n"))
    assert fixes.wrap_in_select(other, node(ctx, RECV), None) is None
    assert fixes.buffer_channel(other, channel(ctx, "ch"), "1") is None


def test_choose_and_preferred_fix():
    ctx = context(
        go("""
        package p

        import "context"

        func f(ctx context.Context) {
        	ch := make(chan int)
        	go func() { ch <- 1 }()
        }
        """)
    )
    buffer = fixes.buffer_channel(ctx, channel(ctx, "ch"), "1")
    wrap = fixes.wrap_in_select(ctx, node(ctx, SEND), None)
    chosen = fixes.choose(buffer, None, wrap)
    # One policy with the rules': the first safe fix is preferred, the unsafe buffer stays an alternative.
    assert [f.preferred for f in chosen] == [False, True]
    assert fixes.preferred_fix(chosen) == chosen[1]
    assert fixes.preferred_fix(chosen, unsafe=True) == chosen[1]
    assert (
        fixes.preferred_fix(chosen[:1]) is None
        and fixes.preferred_fix(chosen[:1], unsafe=True) == chosen[0]
    )


def test_wrap_keeps_the_statements_comment_on_its_case():
    ctx = context(
        go("""
        package p

        import "context"

        func f(ctx context.Context, ch chan int) {
        	v := <-ch // the answer
        	_ = v
        }
        """)
    )
    out = applied(ctx, fixes.wrap_in_select(ctx, node(ctx, RECV), None))
    assert (
        "\tvar v int\n\tselect {\n\tcase v = <-ch: // the answer\n\tcase <-ctx.Done():\n\t\treturn\n\t}\n\t_ = v\n"
        in out
    )


def test_a_failing_builder_offers_no_fix_instead_of_raising(monkeypatch, caplog):
    from goleash.fixes import select_fixes

    ctx = context(
        go("""
        package p

        import "context"

        func f(ctx context.Context, ch chan int) {
        	ch <- 1
        }
        """)
    )

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(select_fixes.scope, "find_way_out", boom)
    assert fixes.wrap_in_select(ctx, node(ctx, SEND), None) is None
    assert "fix builder wrap_in_select failed" in caplog.text


def test_defer_close_is_not_offered_for_a_channel_made_in_a_loop():
    ctx = context(
        go("""
        package p

        func f(n int) {
        	for i := 0; i < n; i++ {
        		ch := make(chan int)
        		go func() { <-ch }()
        	}
        }
        """)
    )
    assert fixes.defer_close(ctx, channel(ctx, "ch")) is None


def test_stop_channel_goes_above_the_comment_about_the_goroutine():
    ctx = context(
        go("""
        package p

        func f(xs []int) int {
        	vals := make(chan int)

        	// produce every value
        	// (one at a time)
        	go func() {
        		for _, x := range xs {
        			vals <- x
        		}
        	}()
        	return <-vals
        }
        """)
    )
    out = applied(ctx, fixes.stop_channel(ctx, node(ctx, SEND), node(ctx, FUNC_LIT)))
    assert (
        "\n\tstop := make(chan struct{})\n\tdefer close(stop)\n\t// produce every value\n\t// (one at a time)\n\tgo func() {"
        in out
    )


def test_close_in_producer_for_a_single_producer_goroutine():
    ctx = context(
        go("""
        package p

        func consume(xs []int) (n int) {
        	ch := make(chan int)
        	go func() {
        		// produce
        		for _, x := range xs {
        			ch <- x
        		}
        	}()
        	for v := range ch {
        		n += v
        	}
        	return n
        }

        func produce(out chan<- int) {
        	out <- 1
        }

        func named() {
        	ch := make(chan int)
        	go produce(ch)
        	for range ch {
        	}
        }
        """)
    )
    fix = fixes.close_in_producer(ctx, ctx.channels[0])
    assert fix.applicability is Applicability.SAFE
    assert "\tgo func() {\n\t\tdefer close(ch)\n\t\t// produce\n" in applied(ctx, fix)
    named = fixes.close_in_producer(ctx, ctx.channels[1])
    assert "func produce(out chan<- int) {\n\tdefer close(out)\n\tout <- 1\n}" in applied(
        ctx, named
    )


def test_close_in_producer_refuses_several_producers_or_a_receive_only_name():
    ctx = context(
        go("""
        package p

        func two() {
        	ch := make(chan int)
        	for i := 0; i < 2; i++ {
        		go func() { ch <- 1 }()
        	}
        	for range ch {
        	}
        }
        """)
    )
    assert fixes.close_in_producer(ctx, channel(ctx, "ch")) is None


def test_fixes_keep_crlf_line_endings():
    src = go("""
        package p

        import "context"

        func f(ctx context.Context, ch chan int) {
        	ch <- 1 // send
        	x := make(chan int)
        	go func() { <-x }()
        }
        """).replace(b"\n", b"\r\n")
    from goleash.fixes import apply_edits

    def both(c):
        return (fixes.wrap_in_select(c, node(c, SEND), None), fixes.defer_close(c, channel(c, "x")))

    crlf = context(src)
    lf = context(src.replace(b"\r\n", b"\n"))
    for fix, plain in zip(both(crlf), both(lf)):
        out = apply_edits(src, fix.edits)
        assert out.count(b"\n") == out.count(b"\r\n") > src.count(b"\r\n"), out
        assert out.replace(b"\r\n", b"\n").decode() == applied(lf, plain)
