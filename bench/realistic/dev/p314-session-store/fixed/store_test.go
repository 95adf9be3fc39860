package session

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Tick never fires: the janitor is not under test here.
func (c *fakeClock) Tick(time.Duration) (<-chan time.Time, func()) {
	return make(chan time.Time), func() {}
}

var errBackendDown = errors.New("backend: connection refused")

// flakyBackend holds its first Save open until released, and fails every
// Save after that, simulating a backend that goes away mid-request.
type flakyBackend struct {
	mu           sync.Mutex
	saves        int
	saved        map[string]Session
	firstStarted chan struct{}
	release      chan struct{}
	laterFailed  chan struct{}
}

func newFlakyBackend() *flakyBackend {
	return &flakyBackend{
		saved:        make(map[string]Session),
		firstStarted: make(chan struct{}),
		release:      make(chan struct{}),
		laterFailed:  make(chan struct{}),
	}
}

func (b *flakyBackend) Load(ctx context.Context, id string) (Session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, ok := b.saved[id]; ok {
		return s, nil
	}
	return Session{}, ErrNotFound
}

func (b *flakyBackend) Save(ctx context.Context, sessions []Session) error {
	b.mu.Lock()
	b.saves++
	n := b.saves
	b.mu.Unlock()

	if n > 1 {
		if n == 2 {
			close(b.laterFailed)
		}
		return errBackendDown
	}
	close(b.firstStarted)
	<-b.release
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range sessions {
		b.saved[s.ID] = s
	}
	return nil
}

func (b *flakyBackend) Delete(ctx context.Context, ids []string) error {
	return errBackendDown
}

func TestCloseReportsFailedFinalFlush(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	backend := newFlakyBackend()
	var bgErrs []error
	var bgMu sync.Mutex
	store, err := New(Config{
		TTL:       30 * time.Minute,
		Persister: backend,
		Clock:     clock,
		OnError: func(err error) {
			bgMu.Lock()
			defer bgMu.Unlock()
			bgErrs = append(bgErrs, err)
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	alice, err := store.Create(map[string]string{"user": "alice"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	<-backend.firstStarted // the writer is now busy saving alice

	clock.Advance(20 * time.Minute)
	got, err := store.Get(ctx, alice.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if want := clock.Now().Add(30 * time.Minute); !got.ExpiresAt.Equal(want) {
		t.Errorf("expiry not extended: got %v, want %v", got.ExpiresAt, want)
	}
	if _, err := store.Create(map[string]string{"user": "bob"}); err != nil {
		t.Fatalf("Create: %v", err)
	}

	errc := make(chan error, 1)
	go func() { errc <- store.Close(ctx) }()
	<-backend.laterFailed // the final flush hit the broken backend
	close(backend.release)

	if err := <-errc; !errors.Is(err, errBackendDown) {
		t.Errorf("Close: got %v, want %v", err, errBackendDown)
	}
	if _, err := store.Get(ctx, alice.ID); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close: got %v, want ErrClosed", err)
	}
	bgMu.Lock()
	defer bgMu.Unlock()
	if len(bgErrs) != 0 {
		t.Errorf("unexpected background errors: %v", bgErrs)
	}
}
