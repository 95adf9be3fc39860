"""Which functions the lock-order graph computes lock states for: only those that may
take a lock while holding another (lock_order._may_nest_locks). A function that locks
once and calls nothing that locks cannot add an edge, so skipping it must change no
finding; one that calls a locking function of the package must still be followed."""

from goleash import parsing
from goleash.analysis.lock_order import _may_nest_locks
from goleash.config import Settings
from goleash.engine import analyze_source


def _func(src: bytes):
    root = parsing.parse(b"package p\n\n" + src).root_node
    return next(
        c for c in root.children if c.type in ("function_declaration", "method_declaration")
    )


def test_one_lock_and_no_locking_call_is_skipped():
    f = _func(b"func (s *S) get() int {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\treturn s.n\n}\n")
    assert not _may_nest_locks(f, frozenset({b"put"}))


def test_two_locks_or_a_locking_call_are_followed():
    two = _func(b"func f() {\n\ta.Lock()\n\tb.RLock()\n}\n")
    call = _func(b"func (s *S) get() {\n\ts.mu.Lock()\n\ts.put()\n}\n")
    assert _may_nest_locks(two, frozenset())
    assert _may_nest_locks(call, frozenset({b"put"}))


INVERSION_THROUGH_CALLS = b"""package bank

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

type Ledger struct {
	mu      sync.Mutex
	entries []int
}

func (l *Ledger) record(n int) {
	l.mu.Lock()
	l.entries = append(l.entries, n)
	l.mu.Unlock()
}

func (a *Account) credit(n int) {
	a.mu.Lock()
	a.balance += n
	a.mu.Unlock()
}

// Deposit holds the account's lock while the ledger's is taken (in record).
func (a *Account) Deposit(l *Ledger, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	l.record(n)
}

// Audit holds the ledger's lock while the account's is taken (in credit).
func (l *Ledger) Audit(a *Account) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.credit(0)
}
"""


def test_an_inversion_made_only_through_calls_is_still_found():
    report = analyze_source(
        INVERSION_THROUGH_CALLS, "bank.go", settings=Settings()
    )  # preview rules on
    assert sorted(f.code for f in report.findings if f.code == "GL024") == ["GL024", "GL024"]
