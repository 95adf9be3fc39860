"""GL017 (analysis/locks.py, preview): a `return` whose error message reads a field of
the lock's owner (`s.path`) hands nothing on, so the path that leaves the mutex held is
reported; a value built from the owner or one of its methods still hands the lock on
(HANDED_TO_RESULT). The goroutine that then blocks for good on the mutex is named as a
related location. Drawn from the blind corpus's dev programs p43 (an autosave whose
failed write returns holding `saveMu`) and p17 (a registry whose janitor blocks)."""

from goleash.engine import analyze_source

STORE = b"""package settings

import (
	"fmt"
	"sync"
	"time"
)

type Store struct {
	saveMu sync.Mutex
	path   string
	write  func(string) error
	stop   chan struct{}
}

func (s *Store) Save() error {
	s.saveMu.Lock()
	if err := s.write(s.path); err != nil {
		return fmt.Errorf("save %s: %w", s.path, err)
	}
	s.saveMu.Unlock()
	return nil
}

func (s *Store) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.saveMu.Lock()
			s.saveMu.Unlock()
		}
	}
}

func (s *Store) Start() {
	go s.loop()
}
"""

# The fix: unlock on the error path too.
UNLOCKED_ON_ERROR = STORE.replace(
    b'\t\treturn fmt.Errorf("save %s: %w", s.path, err)\n',
    b'\t\ts.saveMu.Unlock()\n\t\treturn fmt.Errorf("save %s: %w", s.path, err)\n',
)

# The lock goes with what a method of the owner builds (HANDED_TO_RESULT).
HANDED_TO_A_METHOD_RESULT = (
    STORE.replace(
        b'\t\treturn fmt.Errorf("save %s: %w", s.path, err)\n',
        b"\t\treturn s.held(err)\n",
    )
    + b"\nfunc (s *Store) held(err error) error { return err }\n"
)


def _held(source: bytes):
    result = analyze_source(source, "store.go")  # every rule, preview ones included
    return [f for f in result.findings if f.code == "GL017"]


def test_an_error_return_reading_a_field_leaves_the_lock_held():
    found = _held(STORE)
    assert [f.span.start.row + 1 for f in found] == [17]
    notes = {r.location.span.start.row + 1: r.message for r in found[0].related}
    assert 19 in notes  # the return
    assert "`loop` then blocks here for good" in notes.get(33, "")


def test_unlocked_on_every_path_is_silent():
    assert UNLOCKED_ON_ERROR != STORE
    assert _held(UNLOCKED_ON_ERROR) == []


def test_a_value_built_by_a_method_of_the_owner_takes_the_lock():
    assert HANDED_TO_A_METHOD_RESULT != STORE
    assert _held(HANDED_TO_A_METHOD_RESULT) == []


# Another type with a mutex of the same field name, locked by a goroutine of its own.
OTHER_OWNER = (
    STORE
    + b"""
type Journal struct {
	saveMu sync.Mutex
}

func (j *Journal) flush() {
	j.saveMu.Lock()
	j.saveMu.Unlock()
}

func (j *Journal) Start() {
	go j.flush()
}
"""
)


def test_a_goroutine_locking_another_types_mutex_is_not_shown():
    """SAME_OWNER (locks.blocked_lockers): `j.saveMu` of a `Journal` is not the
    `Store`'s `s.saveMu`, whatever the field is called."""
    found = _held(OTHER_OWNER)
    assert [f.span.start.row + 1 for f in found] == [17]
    lines = [r.location.span.start.row + 1 for r in found[0].related]
    assert 33 in lines
    assert all(line < 45 for line in lines), lines


# A mutex left held, locked again by three goroutines of the package: one started with
# `go`, one through a caller (CALLS_DOWN), one a literal.
MANY_LOCKERS = b"""package p

import (
	"errors"
	"sync"
)

type Shelf struct {
	mu sync.Mutex
	n  int
}

func (s *Shelf) Put() error {
	s.mu.Lock()
	if s.n > 9 {
		return errors.New("full")
	}
	s.n++
	s.mu.Unlock()
	return nil
}

func (s *Shelf) sweep() {
	s.mu.Lock()
	s.n = 0
	s.mu.Unlock()
}

func (s *Shelf) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *Shelf) report() { _ = s.count() }

func (s *Shelf) Start() {
	go s.sweep()
	go s.report()
	go func() {
		s.mu.Lock()
		s.n--
		s.mu.Unlock()
	}()
}
"""


def test_blocked_lockers_stops_at_the_number_wanted():
    """LOCKING_SITES_READ: the rules show two of the goroutines that then block; the
    search stops once it has them, and names all three when asked for more."""
    from goleash import gosyntax
    from goleash.analysis import locks
    from goleash.analysis.package import Package
    from goleash.source import SourceFile

    source = SourceFile("shelf.go", MANY_LOCKERS)
    package = Package(source)
    lock = next(
        n
        for n in gosyntax.walk(source.root, skip_functions=False)
        if n.type == "call_expression" and gosyntax.text(n) == "s.mu.Lock()"
    )
    (held,) = locks.held_locks(source, package, [lock.parent])
    assert [g for _n, _f, g in locks.blocked_lockers(held, package)] == ["sweep", "report"]
    assert [g for _n, _f, g in locks.blocked_lockers(held, package, wanted=5)] == [
        "sweep",
        "report",
        "a goroutine",
    ]


AUTOSAVE = STORE.replace(
    b"""func (s *Store) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.saveMu.Lock()
			s.saveMu.Unlock()
		}
	}
}

func (s *Store) Start() {
	go s.loop()
}
""",
    b"""func (s *Store) dirty() bool {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	return s.path != ""
}

func (s *Store) Start() {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		flush := func() {
			if s.dirty() {
				_ = s.write(s.path)
			}
		}
		for {
			select {
			case <-s.stop:
				flush()
				return
			case <-t.C:
				flush()
			}
		}
	}()
}
""",
)


def test_a_goroutine_reaching_the_lock_through_a_local_literal_is_named():
    """RUN_BY_ITS_HOST (locks._GoroutineNames): `dirty` is called from `flush`, a
    literal the started goroutine keeps in a local and calls itself: that goroutine
    blocks on the mutex (blind dev p559)."""
    assert AUTOSAVE != STORE
    (finding,) = _held(AUTOSAVE)
    assert any("a goroutine then blocks here" in r.message for r in finding.related), [
        r.message for r in finding.related
    ]
