package tiles

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// fakeServer is a Fetcher that serves tiles from a map and answers with a
// fixed status for everything else.
type fakeServer struct {
	mu       sync.Mutex
	tiles    map[Tile][]byte
	fallback int
	calls    int
}

func (s *fakeServer) Fetch(ctx context.Context, t Tile) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if data, ok := s.tiles[t]; ok {
		return data, nil
	}
	return nil, &StatusError{Code: s.fallback, Tile: t}
}

func TestPrefetchAbortsWhenKeyIsRevoked(t *testing.T) {
	defer goleak.VerifyNone(t)

	cache, err := NewDiskCache(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	center := Tile{Z: 12, X: 2200, Y: 1343}
	inner := Area{Center: center, Radius: 1}
	tiles, err := inner.Tiles(0)
	if err != nil {
		t.Fatal(err)
	}
	srv := &fakeServer{tiles: map[Tile][]byte{}, fallback: http.StatusNotFound}
	for _, tl := range tiles[:len(tiles)-1] {
		srv.tiles[tl] = []byte("png:" + tl.String())
	}
	p := New(srv, cache, WithWorkers(2), WithRetries(0, 0))

	stats, err := p.Prefetch(context.Background(), inner)
	if err != nil {
		t.Fatalf("Prefetch: %v", err)
	}
	if want := (Stats{Requested: 9, Fetched: 8, Missing: 1}); stats != want {
		t.Fatalf("stats = %+v, want %+v", stats, want)
	}

	// The API key is revoked: every tile that is not cached is refused.
	srv.mu.Lock()
	srv.tiles = nil
	srv.fallback = http.StatusForbidden
	srv.mu.Unlock()

	stats, err = p.Prefetch(context.Background(), Area{Center: center, Radius: 3})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusForbidden {
		t.Fatalf("Prefetch error = %v, want a 403 StatusError", err)
	}
	if stats.Requested != 49 || stats.Fetched != 0 {
		t.Errorf("stats = %+v, want 49 requested and none fetched", stats)
	}
}
