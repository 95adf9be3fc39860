package tilerender

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var blankPNG = []byte("\x89PNG blank-sea")

type fakeMapnik struct {
	mu    sync.Mutex
	calls int
}

func (m *fakeMapnik) Render(ctx context.Context, id TileID, style string) ([]byte, error) {
	m.mu.Lock()
	m.calls++
	m.mu.Unlock()
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if (id.X+id.Y)%5 == 0 {
		return blankPNG, nil
	}
	return []byte(fmt.Sprintf("\x89PNG %s %s", style, id)), nil
}

type lruStub struct {
	mu    sync.Mutex
	tiles map[string][]byte
}

func (c *lruStub) Get(style string, id TileID) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.tiles[style+"/"+id.String()]
	return d, ok
}

func (c *lruStub) Add(style string, id TileID, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tiles[style+"/"+id.String()] = data
}

var errQuota = errors.New("mbtiles: volume quota exceeded")

type quotaSink struct {
	mu    sync.Mutex
	quota int
	tiles map[TileID][]byte
}

func (s *quotaSink) Put(_ context.Context, id TileID, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.tiles) >= s.quota {
		return errQuota
	}
	s.tiles[id] = data
	return nil
}

func TestRenderIberiaPyramid(t *testing.T) {
	defer goleak.VerifyNone(t)

	iberia := BBox{MinLon: -9.5, MinLat: 36.0, MaxLon: 3.3, MaxLat: 43.8}
	src := &fakeMapnik{}
	cache := &lruStub{tiles: map[string][]byte{}}
	r, err := New(src,
		WithWorkers(4),
		WithStyle("topo"),
		WithCache(cache),
		WithBlankTile(blankPNG),
		WithSkipBlank(true),
		WithTileTimeout(time.Second),
		WithLogger(log.New(testWriter{t}, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	overview := &quotaSink{quota: 1000, tiles: map[TileID][]byte{}}
	sum, err := r.RenderArea(ctx, iberia, 3, 5, overview)
	if err != nil {
		t.Fatalf("overview: %v", err)
	}
	if sum.Rendered != sum.Requested || sum.Blank+len(overview.tiles) != sum.Requested {
		t.Errorf("overview summary %+v, stored %d", sum, len(overview.tiles))
	}

	detail := &quotaSink{quota: 20, tiles: map[TileID][]byte{}}
	sum, err = r.RenderArea(ctx, iberia, 3, 8, detail)
	if !errors.Is(err, errQuota) {
		t.Fatalf("detail: got %v, want quota error", err)
	}
	if sum.Requested <= 40 {
		t.Fatalf("detail run requested only %d tiles", sum.Requested)
	}
	if sum.Cached == 0 {
		t.Errorf("detail run used no cached tiles: %+v", sum)
	}
	if len(detail.tiles) != 20 {
		t.Errorf("detail sink holds %d tiles, want 20", len(detail.tiles))
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
