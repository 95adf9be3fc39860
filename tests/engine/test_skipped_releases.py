"""Releases handed out by an acquire and skipped (analysis/skipped_releases.py, GL015):
a function counts a request in on a WaitGroup field and returns the function that
counts it out; a caller that returns on some path without calling it leaves the count
up, and the `Wait` on that field never returns (blind corpus p55, proved under
goleak). A failed acquire (`if !ok { return }`), a release handed on, or a caller that
never releases itself stays silent."""

from goleash.engine import analyze_source

GATEWAY = b"""package gateway

import (
	"errors"
	"sync"
)

type tracker struct {
	mu       sync.Mutex
	wg       sync.WaitGroup
	draining bool
}

func (t *tracker) begin() (func(), bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.draining {
		return nil, false
	}
	t.wg.Add(1)
	return func() { t.wg.Done() }, true
}

func (t *tracker) drain() {
	t.mu.Lock()
	t.draining = true
	t.mu.Unlock()
	t.wg.Wait()
}

func serve(t *tracker, authorized bool, handle func()) error {
	done, ok := t.begin()
	if !ok {
		return errors.New("draining")
	}
	if !authorized {
		return errors.New("unauthorized")
	}
	defer done()
	handle()
	return nil
}
"""

RELEASED_FIRST = GATEWAY.replace(
    b'\tif !authorized {\n\t\treturn errors.New("unauthorized")\n\t}\n\tdefer done()\n',
    b'\tdefer done()\n\tif !authorized {\n\t\treturn errors.New("unauthorized")\n\t}\n',
)

SUCCESS_ARM = GATEWAY.replace(
    b'\tif !ok {\n\t\treturn errors.New("draining")\n\t}\n\tif !authorized {\n'
    b'\t\treturn errors.New("unauthorized")\n\t}\n\tdefer done()\n\thandle()\n\treturn nil\n',
    b'\tif ok {\n\t\tdefer done()\n\t\thandle()\n\t\treturn nil\n\t}\n\treturn errors.New("draining")\n',
)

HANDED_ON = (
    GATEWAY.replace(
        b'\tif !authorized {\n\t\treturn errors.New("unauthorized")\n\t}\n',
        b'\tif !authorized {\n\t\tgo finish(done)\n\t\treturn errors.New("unauthorized")\n\t}\n',
    )
    + b"\nfunc finish(done func()) { done() }\n"
)


def _skipped(source: bytes):
    return [
        (f.span.start.row + 1, f.message)
        for f in analyze_source(source, "gateway.go").findings
        if f.code == "GL015"
    ]


def test_a_caller_returning_without_its_release_is_reported_at_the_wait():
    found = _skipped(GATEWAY)
    assert [row for row, _ in found] == [28]
    assert (
        "`serve` leaves at line 37 without calling `done`, the release `begin` handed it"
        in found[0][1]
    )
    f = next(x for x in analyze_source(GATEWAY, "gateway.go").findings if x.code == "GL015")
    assert [x.title for x in f.fixes] == [
        "Call `done()` in a `defer` right after `done` is handed out"
    ]


def test_a_release_deferred_first_or_only_on_the_success_arm_is_silent():
    for source in (RELEASED_FIRST, SUCCESS_ARM):
        assert source != GATEWAY
        assert _skipped(source) == []


def test_a_release_handed_on_is_silent():
    assert HANDED_ON != GATEWAY
    assert _skipped(HANDED_ON) == []
