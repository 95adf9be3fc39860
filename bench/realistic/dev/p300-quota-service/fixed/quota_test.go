package quota

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errUnavailable = errors.New("store: connection refused")

type fakeStore struct {
	mu    sync.Mutex
	down  bool
	usage map[string]map[string]int64
}

func newFakeStore() *fakeStore {
	return &fakeStore{usage: make(map[string]map[string]int64)}
}

func (f *fakeStore) setDown(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

func (f *fakeStore) Load(ctx context.Context, tenant string) (map[string]int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int64)
	for res, n := range f.usage[tenant] {
		out[res] = n
	}
	return out, nil
}

func (f *fakeStore) Add(ctx context.Context, tenant string, deltas map[string]int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errUnavailable
	}
	if f.usage[tenant] == nil {
		f.usage[tenant] = make(map[string]int64)
	}
	for res, n := range deltas {
		f.usage[tenant][res] += n
	}
	return nil
}

type staticLimits map[string]int64

func (l staticLimits) Limit(tenant, resource string) (int64, bool) {
	n, ok := l[tenant+"/"+resource]
	return n, ok
}

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

// NewTicker never fires; the test flushes explicitly.
func (c *fakeClock) NewTicker(time.Duration) (<-chan time.Time, func()) {
	return make(chan time.Time), func() {}
}

func TestFlushWhileStoreUnavailable(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newFakeStore()
	svc, err := New(Config{
		Store:  store,
		Limits: staticLimits{"acme/api_calls": 1000, "globex/api_calls": 500},
		Clock:  &fakeClock{now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()
	for _, tenant := range []string{"acme", "globex"} {
		r, err := svc.Reserve(ctx, tenant, "api_calls", 100)
		if err != nil {
			t.Fatalf("Reserve %s: %v", tenant, err)
		}
		if err := svc.Commit(r.ID); err != nil {
			t.Fatalf("Commit %s: %v", tenant, err)
		}
	}
	if _, err := svc.Reserve(ctx, "globex", "api_calls", 401); !errors.Is(err, ErrExceeded) {
		t.Fatalf("Reserve over limit: got %v, want ErrExceeded", err)
	}

	store.setDown(true)
	if err := svc.Flush(ctx); !errors.Is(err, errUnavailable) {
		t.Fatalf("Flush with store down: got %v, want errUnavailable", err)
	}
	store.setDown(false)

	if err := svc.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
