package imagery

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func encodeTile(t *Tile) []byte {
	n := t.W * t.H
	out := make([]byte, 8+n*8)
	copy(out, tileMagic)
	binary.LittleEndian.PutUint16(out[4:], uint16(t.W))
	binary.LittleEndian.PutUint16(out[6:], uint16(t.H))
	for i := 0; i < n; i++ {
		binary.LittleEndian.PutUint32(out[8+i*4:], math.Float32bits(t.Red[i]))
		binary.LittleEndian.PutUint32(out[8+(n+i)*4:], math.Float32bits(t.NIR[i]))
	}
	return out
}

func healthyTile(w, h int) []byte {
	t := &Tile{W: w, H: h, Red: make([]float32, w*h), NIR: make([]float32, w*h)}
	for i := range t.Red {
		t.Red[i], t.NIR[i] = 0.08, 0.52 // NDVI 0.73
	}
	return encodeTile(t)
}

// fakeStore serves tiles from memory. Fetching a key listed in hold blocks
// until release is closed.
type fakeStore struct {
	mu      sync.Mutex
	tiles   map[TileKey][]byte
	fetches map[TileKey]int
	hold    map[TileKey]bool
	release chan struct{}
}

func newFakeStore() *fakeStore {
	return &fakeStore{
		tiles:   map[TileKey][]byte{},
		fetches: map[TileKey]int{},
		hold:    map[TileKey]bool{},
		release: make(chan struct{}),
	}
}

func (s *fakeStore) Fetch(ctx context.Context, key TileKey) ([]byte, error) {
	s.mu.Lock()
	s.fetches[key]++
	raw, ok := s.tiles[key]
	hold := s.hold[key]
	s.mu.Unlock()
	if hold {
		select {
		case <-s.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if !ok {
		return nil, fmt.Errorf("tile %s: not found", key)
	}
	return raw, nil
}

// signalMetrics closes coalesced the first time a download is shared.
type signalMetrics struct {
	once      sync.Once
	coalesced chan struct{}
}

func (m *signalMetrics) TileHit(TileKey)  {}
func (m *signalMetrics) TileMiss(TileKey) {}
func (m *signalMetrics) TileCoalesced(TileKey) {
	m.once.Do(func() { close(m.coalesced) })
}

func key(x, y int) TileKey { return TileKey{Flight: "F-0612", X: x, Y: y} }

func TestAnalyzeFields(t *testing.T) {
	defer goleak.VerifyNone(t)

	north := Field{ID: "north-40", Crop: "corn", Tiles: []TileKey{key(0, 0), key(1, 0)}}
	east := Field{ID: "east-12", Crop: "soy", Tiles: []TileKey{key(1, 0), key(2, 0)}}

	t.Run("healthy flight", func(t *testing.T) {
		store := newFakeStore()
		for x := 0; x < 3; x++ {
			store.tiles[key(x, 0)] = healthyTile(4, 4)
		}
		p := New(store)
		reps, err := p.AnalyzeFields(context.Background(), []Field{north, east})
		if err != nil {
			t.Fatalf("AnalyzeFields: %v", err)
		}
		for _, r := range reps {
			if r.Pixels != 32 || r.StressedFrac != 0 || math.Abs(r.MeanNDVI-0.7333) > 0.001 {
				t.Errorf("report %+v", r)
			}
		}
	})

	t.Run("corrupt shared boundary tile", func(t *testing.T) {
		store := newFakeStore()
		for x := 0; x < 3; x++ {
			store.tiles[key(x, 0)] = healthyTile(4, 4)
		}
		// The boundary tile was truncated during upload, and its download
		// only completes once the second field is waiting for it.
		store.tiles[key(1, 0)] = store.tiles[key(1, 0)][:40]
		store.hold[key(1, 0)] = true
		m := &signalMetrics{coalesced: store.release}

		p := New(store, WithMetrics(m), WithConcurrency(2))
		_, err := p.AnalyzeFields(context.Background(), []Field{north, east})
		if !errors.Is(err, ErrCorruptTile) {
			t.Fatalf("AnalyzeFields error = %v, want %v", err, ErrCorruptTile)
		}
		store.mu.Lock()
		n := store.fetches[key(1, 0)]
		store.mu.Unlock()
		if n != 1 {
			t.Fatalf("boundary tile fetched %d times, want 1", n)
		}
	})
}
