package migrate

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ c chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               {}

// fakeClock never fires on its own; tick delivers one tick to every ticker.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	tickers []*fakeTicker
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

func (c *fakeClock) NewTicker(time.Duration) Ticker {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTicker{c: make(chan time.Time)}
	c.tickers = append(c.tickers, t)
	return t
}

func (c *fakeClock) tick(t *testing.T, d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now, tickers := c.now, c.tickers
	c.mu.Unlock()
	for _, tk := range tickers {
		select {
		case tk.c <- now:
		case <-time.After(time.Second):
			t.Error("lock refresher did not take the tick")
		}
	}
}

// fakeLocker hands out the lock, but reports it lost on every refresh, as
// happens when a long statement outlives the TTL and another runner takes
// over.
type fakeLocker struct {
	refreshed chan struct{}
}

func (l *fakeLocker) TryLock(ctx context.Context, owner string, ttl time.Duration) (string, error) {
	return "lock-4f1a", nil
}

func (l *fakeLocker) Refresh(ctx context.Context, token string, ttl time.Duration) error {
	l.refreshed <- struct{}{}
	return fmt.Errorf("token %s: held by deploy-7d9c: %w", token, ErrLockLost)
}

func (l *fakeLocker) Unlock(ctx context.Context, token string) error { return nil }

type fakeStore struct {
	mu      sync.Mutex
	applied []Applied
	onApply func(Migration)
}

func (s *fakeStore) AppliedMigrations(ctx context.Context) ([]Applied, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Applied(nil), s.applied...), nil
}

func (s *fakeStore) Apply(ctx context.Context, m Migration, checksum string) error {
	if s.onApply != nil {
		s.onApply(m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applied = append(s.applied, Applied{Version: m.Version, Checksum: checksum})
	return nil
}

func TestRunLockExpiresDuringLastMigration(t *testing.T) {
	defer goleak.VerifyNone(t)

	migrations := []Migration{
		{Version: 1, Name: "create_accounts", SQL: "CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL)"},
		{Version: 2, Name: "create_sessions", SQL: "CREATE TABLE sessions (id uuid PRIMARY KEY, account_id bigint REFERENCES accounts)"},
		{Version: 3, Name: "index_accounts_email", SQL: "CREATE UNIQUE INDEX CONCURRENTLY accounts_email_idx ON accounts (email)"},
	}
	clock := &fakeClock{now: time.Date(2024, 6, 3, 4, 0, 0, 0, time.UTC)}
	locker := &fakeLocker{refreshed: make(chan struct{}, 1)}
	store := &fakeStore{applied: []Applied{{Version: 1, Checksum: migrations[0].Checksum()}}}
	store.onApply = func(m Migration) {
		if m.Version != 3 {
			return
		}
		// Building the index takes longer than the lock's TTL.
		clock.tick(t, 40*time.Second)
		select {
		case <-locker.refreshed:
		case <-time.After(time.Second):
			t.Error("lock was not refreshed")
		}
	}

	var events []string
	r, err := NewRunner(Config{
		Store:   store,
		Locker:  locker,
		Clock:   clock,
		Owner:   "api-5b7d",
		LockTTL: 30 * time.Second,
		OnProgress: func(ev Event) {
			events = append(events, fmt.Sprintf("%s %d", ev.Kind, ev.Migration.Version))
		},
	}, migrations)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(rep.Pending) != 2 || len(rep.Applied) != 2 {
		t.Fatalf("pending %v, applied %v; want 2 and 2", rep.Pending, rep.Applied)
	}
	want := "[started 2 applied 2 started 3 applied 3 done 0]"
	if got := fmt.Sprint(events); got != want {
		t.Errorf("events = %s, want %s", got, want)
	}
}
