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
