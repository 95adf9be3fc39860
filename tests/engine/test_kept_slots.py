"""Semaphore slots taken and kept (analysis/kept_slots.py, GL023): a function takes a
slot of a buffered channel field, gives it back on its happy path, and returns without
it on another; once the buffer is full of kept slots, every call blocks on its send
(blind corpus p50, proved under goleak). The near misses were found on real code: a
channel holding a value taken and put back (x/tools' jsonrpc2), an inverted semaphore
made full and taken by a receive (x/tools' imports), a drain before a notification
(grpc's health test), and a slot handed to a goroutine."""

from goleash.engine import analyze_source

CACHE = b"""package swr

type Cache struct {
	sem  chan struct{}
	load func(string) ([]byte, error)
	data map[string][]byte
}

func New(load func(string) ([]byte, error)) *Cache {
	return &Cache{sem: make(chan struct{}, 4), load: load, data: map[string][]byte{}}
}

func (c *Cache) refresh(key string) {
	c.sem <- struct{}{}
	val, err := c.load(key)
	if err != nil {
		return
	}
	c.data[key] = val
	<-c.sem
}
"""

DEFERRED = CACHE.replace(
    b"\tc.sem <- struct{}{}\n", b"\tc.sem <- struct{}{}\n\tdefer func() { <-c.sem }()\n"
).replace(b"\tc.data[key] = val\n\t<-c.sem\n", b"\tc.data[key] = val\n")

HANDED_ON = CACHE.replace(
    b"\tval, err := c.load(key)\n",
    b"\tgo func() {\n\t\tdefer func() { <-c.sem }()\n\t}()\n\tval, err := c.load(key)\n",
)

HOLDER = b"""package holder

type async struct {
	firstErr chan error
}

func newAsync() *async {
	a := &async{firstErr: make(chan error, 1)}
	a.firstErr <- nil
	return a
}

func (a *async) setError(err error) {
	storedErr := <-a.firstErr
	if storedErr == nil {
		storedErr = err
	}
	a.firstErr <- storedErr
}
"""

INVERTED = b"""package imports

type resolver struct {
	scanSema chan struct{}
	scanned  int
}

func newResolver() *resolver {
	r := &resolver{scanSema: make(chan struct{}, 1)}
	r.scanSema <- struct{}{}
	return r
}

func (r *resolver) ClearForNewScan() {
	<-r.scanSema
	r.scanned = 0
	r.scanSema <- struct{}{}
}
"""


def _kept(source: bytes, name: str):
    return [
        (f.span.start.row + 1, f.message)
        for f in analyze_source(source, name).findings
        if f.code == "GL023"
    ]


def test_a_slot_kept_on_an_error_path_is_reported_at_the_send_with_its_fix():
    found = _kept(CACHE, "swr.go")
    assert [row for row, _ in found] == [14]
    assert "the return at line 17 keeps the slot this send took" in found[0][1]
    f = analyze_source(CACHE, "swr.go").findings[0]
    assert [x.title for x in f.fixes] == [
        "Give the slot of `c.sem` back in a `defer` right after taking it"
    ]


def test_a_deferred_release_or_a_slot_handed_to_a_goroutine_is_silent():
    for source in (DEFERRED, HANDED_ON):
        assert source != CACHE
        assert _kept(source, "swr.go") == []


def test_a_held_value_or_an_inverted_semaphore_is_not_a_slot():
    assert _kept(HOLDER, "holder.go") == []
    assert _kept(INVERTED, "imports.go") == []


RESIZED = b"""package pool

import "sync/atomic"

type Pool struct {
	tokens   chan struct{}
	capacity int64
}

func New(n, max int) *Pool {
	p := &Pool{tokens: make(chan struct{}, max), capacity: int64(n)}
	for i := 0; i < n; i++ {
		p.tokens <- struct{}{}
	}
	return p
}

func (p *Pool) SetCapacity(capacity int) {
	if capacity < 0 || capacity > cap(p.tokens) {
		return
	}
	old := int(atomic.SwapInt64(&p.capacity, int64(capacity)))
	if capacity < old {
		for i := 0; i < old-capacity; i++ {
			<-p.tokens
		}
	} else {
		for i := 0; i < capacity-old; i++ {
			p.tokens <- struct{}{}
		}
	}
}
"""

ONE_ARM = CACHE.replace(
    b"func (c *Cache) refresh(key string) {\n\tc.sem <- struct{}{}\n"
    b"\tval, err := c.load(key)\n\tif err != nil {\n\t\treturn\n\t}\n"
    b"\tc.data[key] = val\n\t<-c.sem\n}\n",
    b"func (c *Cache) refresh(key string, cached bool) {\n\tif !cached {\n"
    b"\t\tc.sem <- struct{}{}\n\t\tval, err := c.load(key)\n\t\tif err != nil {\n"
    b"\t\t\treturn\n\t\t}\n\t\tc.data[key] = val\n\t\t<-c.sem\n\t} else {\n"
    b"\t\tdelete(c.data, key)\n\t}\n}\n",
)


def test_a_pool_resized_in_two_arms_keeps_no_slot():
    """RESIZE_ARMS: vitess' `SetCapacity` (thales-e-security/pool, ngaut/pools in the
    fourth precision sample) adds tokens for good in one arm and takes them away in the
    other; a slot taken and kept within one arm is still reported."""
    assert _kept(RESIZED, "pool.go") == []
    assert ONE_ARM != CACHE
    found = _kept(ONE_ARM, "swr.go")
    assert len(found) == 1 and "keeps the slot this send took" in found[0][1]
