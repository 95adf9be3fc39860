package dlock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// memBackend is an in-process lock service.
type memBackend struct {
	mu     sync.Mutex
	token  uint64
	leases map[string]Lease
	until  map[string]time.Time
}

func newMemBackend() *memBackend {
	return &memBackend{leases: map[string]Lease{}, until: map[string]time.Time{}}
}

func (m *memBackend) Grant(_ context.Context, name, owner string, ttl time.Duration) (Lease, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if cur, ok := m.leases[name]; ok && cur.Owner != owner && time.Now().Before(m.until[name]) {
		return Lease{}, ErrHeld
	}
	m.token++
	l := Lease{Name: name, Owner: owner, Token: m.token, TTL: ttl}
	m.leases[name], m.until[name] = l, time.Now().Add(ttl)
	return l, nil
}

func (m *memBackend) Renew(_ context.Context, l Lease) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if cur, ok := m.leases[l.Name]; !ok || cur.Token != l.Token || time.Now().After(m.until[l.Name]) {
		return ErrExpired
	}
	m.until[l.Name] = time.Now().Add(l.TTL)
	return nil
}

func (m *memBackend) Revoke(_ context.Context, l Lease) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if cur, ok := m.leases[l.Name]; ok && cur.Token == l.Token {
		delete(m.leases, l.Name)
	}
	return nil
}

func TestContendedLockThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := newMemBackend()
	if _, err := b.Grant(context.Background(), "jobs", "other-host", time.Minute); err != nil {
		t.Fatal(err)
	}
	c := New(b, WithOwner("worker-1"), WithTTL(60*time.Millisecond), WithRetry(2, time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	if _, err := c.Acquire(ctx, "jobs"); !errors.Is(err, ErrHeld) {
		t.Fatalf("Acquire(jobs) err = %v, want ErrHeld", err)
	}

	l, err := c.Acquire(ctx, "reports")
	if err != nil {
		t.Fatalf("Acquire(reports): %v", err)
	}
	time.Sleep(80 * time.Millisecond) // outlive one TTL on heartbeats alone
	select {
	case <-l.Lost():
		t.Fatal("lease lost despite heartbeats")
	default:
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}

	closed := make(chan struct{})
	go func() {
		c.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(100 * time.Millisecond):
		t.Error("Close did not return")
	}
}
