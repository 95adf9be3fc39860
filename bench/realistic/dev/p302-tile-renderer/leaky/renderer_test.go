package tiles

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// fakeBackend renders a tiny fake PNG per tile and panics for styles listed
// in broken, like a renderer tripping over a bad stylesheet.
type fakeBackend struct {
	broken map[string]bool

	mu    sync.Mutex
	calls map[Key]int
}

func (b *fakeBackend) Render(ctx context.Context, k Key) ([]byte, string, error) {
	b.mu.Lock()
	b.calls[k]++
	b.mu.Unlock()
	if b.broken[k.Style] {
		var labels []string
		_ = labels[k.Z] // index out of range while placing labels
	}
	return []byte(fmt.Sprintf("\x89PNG %s", k)), "image/png", nil
}

func (b *fakeBackend) callsFor(k Key) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls[k]
}

func TestRendererKeepsServingAfterBackendPanic(t *testing.T) {
	defer goleak.VerifyNone(t)

	backend := &fakeBackend{broken: map[string]bool{"night": true}, calls: make(map[Key]int)}
	r, err := New(Config{
		Backend:       backend,
		MaxConcurrent: 1,
		Clock:         fixedClock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	osm := Key{Style: "osm", Z: 3, X: 4, Y: 2}
	tile, err := r.Get(ctx, osm)
	if err != nil {
		t.Fatalf("render %s: %v", osm, err)
	}
	if tile.ContentType != "image/png" || tile.ETag == "" {
		t.Fatalf("unexpected tile: %+v", tile)
	}

	if _, err := r.Get(ctx, Key{Style: "osm", Z: 3, X: 9, Y: 0}); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("out of range tile: got %v, want ErrInvalidKey", err)
	}

	night := Key{Style: "night", Z: 5, X: 1, Y: 1}
	if _, err := r.Get(ctx, night); !errors.Is(err, ErrRenderPanic) {
		t.Fatalf("render %s: got %v, want ErrRenderPanic", night, err)
	}

	// One broken style must not take the others down with it.
	next := Key{Style: "osm", Z: 3, X: 5, Y: 2}
	nctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := r.Get(nctx, next); err != nil {
		t.Errorf("render %s after panic: %v", next, err)
	}

	// Served from the cache the second time.
	if _, err := r.Get(ctx, osm); err != nil {
		t.Fatalf("cached %s: %v", osm, err)
	}
	if n := backend.callsFor(osm); n != 1 {
		t.Errorf("backend rendered %s %d times, want 1", osm, n)
	}
	if s := r.Stats(); s.Hits != 1 || s.Errors != 1 {
		t.Errorf("stats = %+v, want 1 hit and 1 error", s)
	}
}
