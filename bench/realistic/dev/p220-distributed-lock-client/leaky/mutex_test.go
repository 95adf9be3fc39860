package dlock

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeStore is an in-memory, etcd-like store.
type fakeStore struct {
	mu        sync.Mutex
	rev       int64
	lastLease LeaseID
	leases    map[LeaseID]time.Duration
	keys      map[string]KeyValue
	owners    map[string]LeaseID
	watchers  map[string][]*fakeWatch
	deleteErr error
}

type fakeWatch struct {
	ch   chan Event
	once sync.Once
}

func (w *fakeWatch) close() { w.once.Do(func() { close(w.ch) }) }

func newFakeStore() *fakeStore {
	return &fakeStore{
		leases:   make(map[LeaseID]time.Duration),
		keys:     make(map[string]KeyValue),
		owners:   make(map[string]LeaseID),
		watchers: make(map[string][]*fakeWatch),
	}
}

func (f *fakeStore) Grant(ctx context.Context, ttl time.Duration) (LeaseID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastLease++
	f.leases[f.lastLease] = ttl
	return f.lastLease, nil
}

func (f *fakeStore) KeepAlive(ctx context.Context, id LeaseID) (time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ttl, ok := f.leases[id]
	if !ok {
		return 0, ErrLeaseNotFound
	}
	return ttl, nil
}

func (f *fakeStore) Revoke(ctx context.Context, id LeaseID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.leases[id]; !ok {
		return ErrLeaseNotFound
	}
	delete(f.leases, id)
	for key, owner := range f.owners {
		if owner == id {
			f.deleteLocked(key)
		}
	}
	return nil
}

func (f *fakeStore) Create(ctx context.Context, key, value string, lease LeaseID) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.leases[lease]; !ok {
		return 0, ErrLeaseNotFound
	}
	if _, ok := f.keys[key]; ok {
		return 0, errors.New("key exists")
	}
	f.rev++
	f.keys[key] = KeyValue{Key: key, Value: value, CreateRev: f.rev}
	f.owners[key] = lease
	return f.rev, nil
}

func (f *fakeStore) List(ctx context.Context, prefix string) ([]KeyValue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var kvs []KeyValue
	for key, kv := range f.keys {
		if strings.HasPrefix(key, prefix) {
			kvs = append(kvs, kv)
		}
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].CreateRev < kvs[j].CreateRev })
	return kvs, nil
}

func (f *fakeStore) Delete(ctx context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deleteErr != nil {
		return f.deleteErr
	}
	f.deleteLocked(key)
	return nil
}

func (f *fakeStore) deleteLocked(key string) {
	if _, ok := f.keys[key]; !ok {
		return
	}
	f.rev++
	delete(f.keys, key)
	delete(f.owners, key)
	for _, w := range f.watchers[key] {
		w.ch <- Event{Type: EventDelete, Key: key, Rev: f.rev}
		w.close()
	}
	delete(f.watchers, key)
}

func (f *fakeStore) Watch(ctx context.Context, key string, rev int64) <-chan Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := &fakeWatch{ch: make(chan Event, 1)}
	if kv, ok := f.keys[key]; !ok || kv.CreateRev != rev {
		// Deleted (and possibly recreated) since rev: replay the delete.
		w.ch <- Event{Type: EventDelete, Key: key, Rev: f.rev}
		w.close()
		return w.ch
	}
	f.watchers[key] = append(f.watchers[key], w)
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		defer f.mu.Unlock()
		ws := f.watchers[key]
		for i := range ws {
			if ws[i] == w {
				f.watchers[key] = append(ws[:i], ws[i+1:]...)
				break
			}
		}
		w.close()
	}()
	return w.ch
}

func (f *fakeStore) failDeletes(err error) {
	f.mu.Lock()
	f.deleteErr = err
	f.mu.Unlock()
}

// fakeClock's tickers fire only when the test sends on tick.
type fakeClock struct {
	now  time.Time
	tick chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC), tick: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time                   { return c.now }
func (c *fakeClock) NewTicker(d time.Duration) Ticker { return fakeTicker{c.tick} }

type fakeTicker struct{ c chan time.Time }

func (t fakeTicker) C() <-chan time.Time { return t.c }
func (t fakeTicker) Stop()               {}

func TestSecondSessionWaitsForRelease(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	store := newFakeStore()
	clk := newFakeClock()
	s1, err := NewSession(ctx, store, WithClock(clk))
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	defer s1.Close()
	s2, err := NewSession(ctx, store, WithClock(clk))
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	defer s2.Close()

	m1 := s1.NewMutex("/locks/migrations")
	if err := m1.Lock(ctx); err != nil {
		t.Fatalf("m1.Lock: %v", err)
	}
	m2 := s2.NewMutex("/locks/migrations")
	locked := make(chan error, 1)
	go func() { locked <- m2.Lock(ctx) }()

	if err := m1.Unlock(ctx); err != nil {
		t.Fatalf("m1.Unlock: %v", err)
	}
	if err := <-locked; err != nil {
		t.Fatalf("m2.Lock: %v", err)
	}
	if !m2.Held() || m2.Token() <= m1.Token() {
		t.Fatalf("m2 held=%v token=%d, m1 token=%d", m2.Held(), m2.Token(), m1.Token())
	}
	if err := m2.Unlock(ctx); err != nil {
		t.Fatalf("m2.Unlock: %v", err)
	}
}

func TestUnlockFailureThenKeepAlive(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	store := newFakeStore()
	clk := newFakeClock()
	s, err := NewSession(ctx, store, WithClock(clk), WithTTL(9*time.Second))
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	m := s.NewMutex("/locks/reindex")
	if err := m.Lock(ctx); err != nil {
		t.Fatalf("Lock: %v", err)
	}

	errTimeout := errors.New("etcdserver: request timed out")
	store.failDeletes(errTimeout)
	if err := m.Unlock(ctx); !errors.Is(err, errTimeout) {
		t.Fatalf("Unlock error = %v, want %v", err, errTimeout)
	}

	// One keepalive round, then shut the session down; revoking the lease
	// removes the lock key the failed Unlock left behind.
	clk.tick <- clk.now
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
