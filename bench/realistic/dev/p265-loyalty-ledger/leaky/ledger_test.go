package ledger

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errUnavailable = errors.New("store: connection reset by peer")

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// memStore is an in-memory Store. Posts for event IDs listed in failPost fail
// with errUnavailable.
type memStore struct {
	mu       sync.Mutex
	balances map[string]int64
	entries  map[string]Entry
	failPost map[string]bool
}

func newMemStore() *memStore {
	return &memStore{
		balances: make(map[string]int64),
		entries:  make(map[string]Entry),
		failPost: make(map[string]bool),
	}
}

func (s *memStore) Lookup(_ context.Context, eventID string) (Entry, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[eventID]
	return e, ok, nil
}

func (s *memStore) Balance(_ context.Context, account string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balances[account], nil
}

func (s *memStore) Post(_ context.Context, e Entry, prev int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failPost[e.EventID] {
		return errUnavailable
	}
	if s.balances[e.Account] != prev {
		return ErrConflict
	}
	s.balances[e.Account] = e.Balance
	s.entries[e.EventID] = e
	return nil
}

func TestProcessBatchStoreFailureWithRedelivery(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newMemStore()
	l := New(store, WithClock(fixedClock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}))
	ctx := context.Background()

	// Happy path: a redelivered event inside one batch is applied once.
	res, err := l.ProcessBatch(ctx, []Event{
		{ID: "ord-1001", Account: "acct-7", Kind: Accrue, Points: 120},
		{ID: "ord-1001", Account: "acct-7", Kind: Accrue, Points: 120},
	})
	if err != nil {
		t.Fatalf("ProcessBatch: %v", err)
	}
	if res[0].Entry.Balance != 120 || res[1].Entry.Balance != 120 {
		t.Fatalf("unexpected results %+v", res)
	}
	if !res[1].Duplicate {
		t.Fatalf("second delivery not marked duplicate: %+v", res[1])
	}

	// The store fails while a redelivered redemption is in the batch.
	store.failPost["rdm-55"] = true
	_, err = l.ProcessBatch(ctx, []Event{
		{ID: "rdm-55", Account: "acct-7", Kind: Redeem, Points: 100},
		{ID: "rdm-55", Account: "acct-7", Kind: Redeem, Points: 100},
	})
	if !errors.Is(err, errUnavailable) {
		t.Fatalf("ProcessBatch error = %v, want %v", err, errUnavailable)
	}
	if bal, _ := store.Balance(ctx, "acct-7"); bal != 120 {
		t.Fatalf("balance = %d, want 120", bal)
	}
}
