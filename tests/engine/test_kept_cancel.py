"""KEPT_TO_CANCEL_LATER (identities.contexts, reported by GL003): a context derived from
the caller's, whose cancel function the code keeps in a struct field to stop the
context's goroutine later, and never calls. The goroutine waits for the caller's
context, which may live as long as the process (blind corpus p54, proved under goleak).
A cancel called, deferred or handed on by the function, or called later from the
field, stays silent: a context derived from the caller's is the caller's to end."""

from goleash.engine import analyze_source

LOCK = b"""package dlock

import "context"

type Lock struct {
	key    string
	cancel context.CancelFunc
}

func (lk *Lock) release() {}

func TryLock(ctx context.Context, key string) *Lock {
	lctx, cancel := context.WithCancel(ctx)
	lk := &Lock{key: key, cancel: cancel}
	go func() {
		<-lctx.Done()
		lk.release()
	}()
	return lk
}

func (lk *Lock) Unlock() {
	lk.release()
}
"""

CALLED_IN_UNLOCK = LOCK.replace(
    b"func (lk *Lock) Unlock() {\n", b"func (lk *Lock) Unlock() {\n\tlk.cancel()\n"
)

# The function itself ends the context on some path: the cancel is not only kept.
ALSO_CALLED_HERE = LOCK.replace(
    b"\treturn lk\n", b'\tif key == "" {\n\t\tcancel()\n\t\treturn nil\n\t}\n\treturn lk\n'
)

# Not kept anywhere: the caller's context decides, as go vet's lostcancel would say.
NOT_KEPT = LOCK.replace(b"cancel: cancel}", b"}").replace(
    b"lctx, cancel := context.WithCancel(ctx)", b"lctx, _ := context.WithCancel(ctx)"
)


def _kept(source: bytes):
    return [
        f
        for f in analyze_source(source, "dlock.go").findings
        if f.code == "GL003" and "until the caller's context ends" in f.message
    ]


def test_a_kept_cancel_nothing_calls_is_reported_at_the_wait_with_its_fix():
    found = _kept(LOCK)
    assert [(f.span.start.row + 1, f.span.start.column) for f in found] == [(16, 2)]
    f = found[0]
    assert "the cancel function kept in `Lock.cancel` is never called" in f.message
    assert "the cancel function is kept here, and nothing ever calls it" in [
        r.message for r in f.related
    ]
    assert [x.title for x in f.fixes] == ["Call `lk.cancel()` first thing in `Unlock`"]


def test_a_kept_cancel_called_later_or_here_is_silent():
    for source in (CALLED_IN_UNLOCK, ALSO_CALLED_HERE):
        assert source != LOCK
        assert _kept(source) == []


def test_a_cancel_not_kept_leaves_the_context_to_the_caller():
    assert NOT_KEPT != LOCK
    assert _kept(NOT_KEPT) == []
