package swr

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

func TestRefreshAfterOriginError(t *testing.T) {
	defer goleak.VerifyNone(t)
	clock := &fakeClock{t: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	down := map[string]bool{}
	load := func(ctx context.Context, key string) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		if down[key] {
			return nil, errors.New("origin: 503")
		}
		return []byte("value of " + key), nil
	}
	failed := make(chan string, 1)
	c := New(load,
		WithTTL(time.Minute),
		WithMaxRefreshes(1),
		WithClock(clock.Now),
		WithErrorHandler(func(key string, err error) { failed <- key }),
	)
	ctx := context.Background()
	for _, k := range []string{"/pricing", "/docs"} {
		if _, err := c.Get(ctx, k); err != nil {
			t.Fatal(err)
		}
	}

	clock.Advance(2 * time.Minute)
	mu.Lock()
	down["/pricing"] = true
	mu.Unlock()
	if v, err := c.Get(ctx, "/pricing"); err != nil || string(v) != "value of /pricing" {
		t.Fatalf("stale /pricing: %q, %v", v, err)
	}
	if k := <-failed; k != "/pricing" {
		t.Fatalf("failed refresh of %q", k)
	}

	if v, err := c.Get(ctx, "/docs"); err != nil || string(v) != "value of /docs" {
		t.Fatalf("stale /docs: %q, %v", v, err)
	}
}
