package dlock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memKV struct {
	mu     sync.Mutex
	next   LeaseID
	leases map[LeaseID][]string
	data   map[string]string
}

func newMemKV() *memKV {
	return &memKV{leases: map[LeaseID][]string{}, data: map[string]string{}}
}

func (m *memKV) Grant(ctx context.Context, ttl time.Duration) (LeaseID, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	m.leases[m.next] = nil
	return m.next, nil
}

func (m *memKV) Revoke(ctx context.Context, id LeaseID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys, ok := m.leases[id]
	if !ok {
		return ErrLeaseNotFound
	}
	for _, k := range keys {
		delete(m.data, k)
	}
	delete(m.leases, id)
	return nil
}

func (m *memKV) CreateIfAbsent(ctx context.Context, key, value string, lease LeaseID) (bool, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.data[key]; ok {
		return false, v, nil
	}
	m.data[key] = value
	m.leases[lease] = append(m.leases[lease], key)
	return true, "", nil
}

func (m *memKV) DeleteIfValue(ctx context.Context, key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data[key] == value {
		delete(m.data, key)
	}
	return nil
}

func TestUnlockLetsAnotherOwnerIn(t *testing.T) {
	defer goleak.VerifyNone(t)
	kv := newMemKV()
	a := NewLocker(kv, "worker-a")
	b := NewLocker(kv, "worker-b")
	ctx := context.Background()

	lk, err := a.TryLock(ctx, "locks/compaction")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.TryLock(ctx, "locks/compaction"); !errors.Is(err, ErrLocked) {
		t.Fatalf("second TryLock: %v", err)
	}
	if err := lk.Unlock(); err != nil {
		t.Fatal(err)
	}

	lk2, err := b.TryLock(ctx, "locks/compaction")
	if err != nil {
		t.Fatalf("TryLock after Unlock: %v", err)
	}
	lctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := a.Lock(lctx, "locks/compaction"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Lock with cancelled ctx: %v", err)
	}
	_ = lk2.Unlock()
}
