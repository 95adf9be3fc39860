package secrets

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// memBackend is an in-memory secrets manager.
type memBackend struct {
	mu      sync.Mutex
	ttl     time.Duration
	next    int
	live    map[string]bool
	revoked []string
}

func (m *memBackend) Read(ctx context.Context, path string) (Secret, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	id := fmt.Sprintf("%s/%d", path, m.next)
	m.live[id] = true
	return Secret{LeaseID: id, TTL: m.ttl, Renewable: true, Data: map[string]string{"password": "hunter2"}}, nil
}

func (m *memBackend) Renew(ctx context.Context, id string, inc time.Duration) (time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.live[id] {
		return 0, ErrLeaseNotFound
	}
	return m.ttl, nil
}

func (m *memBackend) Revoke(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.live[id] {
		return ErrLeaseNotFound
	}
	delete(m.live, id)
	m.revoked = append(m.revoked, id)
	return nil
}

// drop makes the server forget a lease, as after a server-side revocation.
func (m *memBackend) drop(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.live, id)
}

func TestCloseRevokesLiveLeases(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := &memBackend{ttl: 15 * time.Millisecond, live: map[string]bool{}}
	c := NewClient(b, WithIncrement(time.Minute))
	ctx := context.Background()

	db, err := c.Read(ctx, "database/creds/app")
	if err != nil {
		t.Fatal(err)
	}
	mq, err := c.Read(ctx, "rabbitmq/creds/app")
	if err != nil {
		t.Fatal(err)
	}
	b.drop(mq.ID)

	deadline := time.Now().Add(time.Second)
	for !mq.Expired() {
		if time.Now().After(deadline) {
			t.Fatal("dropped lease never noticed")
		}
		time.Sleep(time.Millisecond)
	}
	if db.Expired() {
		t.Fatal("renewed lease expired")
	}

	closeCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := c.Close(closeCtx); err != nil {
		t.Logf("Close: %v", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.revoked) != 1 || b.revoked[0] != db.ID {
		t.Errorf("revoked %v, want [%s]", b.revoked, db.ID)
	}
}
