package leases

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errPermissionDenied = errors.New("permission denied")

// fakeBackend refuses to issue credentials, as an engine does while the
// role's policy is being fixed.
type fakeBackend struct {
	mu       sync.Mutex
	revoked  []string
	attempts chan string
}

func (b *fakeBackend) Issue(ctx context.Context, role string) (Secret, error) {
	b.attempts <- role
	return Secret{}, errPermissionDenied
}

func (b *fakeBackend) Renew(ctx context.Context, leaseID string, inc time.Duration) (Lease, error) {
	return Lease{}, errors.New("unexpected renew")
}

func (b *fakeBackend) Revoke(ctx context.Context, leaseID string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.revoked = append(b.revoked, leaseID)
	return nil
}

// manualClock never fires on its own, so retries happen only when the test
// says so.
type manualClock struct {
	now  time.Time
	tick chan time.Time
}

func (c *manualClock) Now() time.Time                       { return c.now }
func (c *manualClock) After(time.Duration) <-chan time.Time { return c.tick }

func TestCredentialGivesUpWhileEngineRefuses(t *testing.T) {
	defer goleak.VerifyNone(t)

	backend := &fakeBackend{attempts: make(chan string, 4)}
	clock := &manualClock{now: time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC), tick: make(chan time.Time)}
	m, err := New(Config{
		Role:       "orders-readonly",
		Backend:    backend,
		Clock:      clock,
		MinBackoff: 2 * time.Second,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	if role := <-backend.attempts; role != "orders-readonly" {
		t.Fatalf("Issue called for role %q", role)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the caller's request was abandoned
	_, err = m.Credential(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Credential error = %v, want context.Canceled", err)
	}

	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := m.Credential(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("Credential after Close = %v, want ErrClosed", err)
	}
	if len(backend.revoked) != 0 {
		t.Fatalf("revoked %v, want nothing (no lease was issued)", backend.revoked)
	}
}
