"""COUNTED_BY_A_FIELD (analysis/identities.counted_senders): a home-made errgroup. One
method counts the goroutines it starts in a field (`g.n++`), each sending its result
once on a channel field; another collects them with a loop bounded by that count and
returns at the first error, leaving the senders not yet received blocked for good.

Two smaller pieces make the shape visible at all, and each is exercised here: a `Go`
method of the package is followed as the call it is (not taken for errgroup's `Go`,
which runs its argument in a goroutine), and a call through a field declared
`context.CancelFunc` (CANCEL_FIELD_CALL) reaches no channel of the struct.

Drawn from the blind corpus's dev program p51."""

from goleash.engine import analyze_source

GROUP = b"""package push

import "context"

type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	errc   chan error
	n      int
}

func newGroup(parent context.Context) *group {
	ctx, cancel := context.WithCancel(parent)
	return &group{ctx: ctx, cancel: cancel, errc: make(chan error)}
}

func (g *group) Go(f func(ctx context.Context) error) {
	g.n++
	go func() {
		g.errc <- f(g.ctx)
	}()
}

func (g *group) Wait() error {
	defer g.cancel()
	for i := 0; i < g.n; i++ {
		if err := <-g.errc; err != nil {
			g.cancel()
			return err
		}
	}
	return nil
}

func pushAll(ctx context.Context, targets []func(context.Context) error) error {
	g := newGroup(ctx)
	for _, t := range targets {
		g.Go(t)
	}
	return g.Wait()
}
"""

# The fix: keep receiving, remember the first error.
FIRST_ERROR_KEPT = GROUP.replace(
    b"\tfor i := 0; i < g.n; i++ {\n\t\tif err := <-g.errc; err != nil {\n"
    b"\t\t\tg.cancel()\n\t\t\treturn err\n\t\t}\n\t}\n\treturn nil\n",
    b"\tvar first error\n\tfor i := 0; i < g.n; i++ {\n"
    b"\t\tif err := <-g.errc; err != nil && first == nil {\n"
    b"\t\t\tfirst = err\n\t\t\tg.cancel()\n\t\t}\n\t}\n\treturn first\n",
)

# Named otherwise, and without a cancel field: the same leak.
PLAIN_NAMES = (
    GROUP.replace(b"\tcancel context.CancelFunc\n", b"")
    .replace(b"ctx: ctx, cancel: cancel, ", b"ctx: ctx, ")
    .replace(b"\tctx, cancel := context.WithCancel(parent)\n", b"\tctx := parent\n")
    .replace(b"\tdefer g.cancel()\n", b"")
    .replace(b"\t\t\tg.cancel()\n", b"")
    .replace(b"(g *group) Go(", b"(g *group) add(")
    .replace(b"\t\tg.Go(t)\n", b"\t\tg.add(t)\n")
)

# A goroutine that sends only when its task fails: the count of sends is not the count
# of goroutines, and nothing is judged.
SENDS_ON_FAILURE = GROUP.replace(
    b"\t\tg.errc <- f(g.ctx)\n",
    b"\t\tif err := f(g.ctx); err != nil {\n\t\t\tg.errc <- err\n\t\t}\n",
)

# The counter counts something else too (two goroutines per call): not the senders.
TWO_PER_CALL = GROUP.replace(
    b"\tgo func() {\n\t\tg.errc <- f(g.ctx)\n\t}()\n",
    b"\tfor i := 0; i < 2; i++ {\n\t\tgo func() {\n\t\t\tg.errc <- f(g.ctx)\n\t\t}()\n\t}\n",
)

# The cancel field holds a function of the package's own that may serve the channel:
# a call through it is code we do not follow.
CANCEL_IS_OURS = GROUP.replace(b"\tcancel context.CancelFunc\n", b"\tcancel func()\n")


def _collector(source: bytes):
    return [f for f in analyze_source(source, "group.go").findings if f.code == "GL005"]


def test_the_senders_left_by_an_early_return_of_the_collector_are_reported():
    found = _collector(GROUP)
    assert [(f.span.start.row + 1, "once per call of `Go`" in f.message) for f in found] == [
        (20, True)
    ]
    related = {r.location.span.start.row + 1 for r in found[0].related}
    assert {19, 29} <= related  # the go statement, the early return


def test_other_names_without_a_cancel_field_are_reported_too():
    assert PLAIN_NAMES != GROUP
    assert [f.span.start.row + 1 for f in _collector(PLAIN_NAMES)] == [19]


def test_a_collector_that_receives_them_all_is_silent():
    assert FIRST_ERROR_KEPT != GROUP
    assert _collector(FIRST_ERROR_KEPT) == []


def test_goroutines_that_send_only_sometimes_are_not_judged():
    assert SENDS_ON_FAILURE != GROUP
    assert _collector(SENDS_ON_FAILURE) == []


def test_a_counter_that_is_not_one_per_goroutine_is_not_judged():
    assert TWO_PER_CALL != GROUP
    assert _collector(TWO_PER_CALL) == []


def test_a_call_through_a_function_field_of_our_own_stops_the_judgement():
    assert CANCEL_IS_OURS != GROUP
    assert _collector(CANCEL_IS_OURS) == []
