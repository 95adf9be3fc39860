package microfilm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTransport struct {
	reels   map[string]Reel
	breakAt map[string]int

	mu      sync.Mutex
	current string
	frame   int
}

func (t *fakeTransport) Load(ctx context.Context, id string) (Reel, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.reels[id]
	if !ok {
		return Reel{}, fmt.Errorf("no reel %q in the feeder", id)
	}
	t.current, t.frame = id, 0
	return r, nil
}

func (t *fakeTransport) Advance(ctx context.Context, frame int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n, ok := t.breakAt[t.current]; ok && frame >= n {
		return ErrFilmBreak
	}
	t.frame = frame
	return nil
}

func (t *fakeTransport) Unload(ctx context.Context) error {
	t.mu.Lock()
	t.current, t.frame = "", 0
	t.mu.Unlock()
	return nil
}

func (t *fakeTransport) position() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.frame
}

type fakeCamera struct {
	t     *fakeTransport
	blank map[int]bool
}

func (c *fakeCamera) Capture(ctx context.Context) ([]byte, error) {
	n := c.t.position()
	if c.blank[n] {
		return []byte("blank"), nil
	}
	return []byte(fmt.Sprintf("frame-%d", n)), nil
}

type fakeProcessor struct{}

func (fakeProcessor) Process(ctx context.Context, raw []byte, p Polarity) ([]byte, float64, error) {
	if bytes.Equal(raw, []byte("blank")) {
		return nil, 0, ErrBlankFrame
	}
	time.Sleep(time.Millisecond)
	return append([]byte("tif:"), raw...), 1.1, nil
}

type memStore struct {
	mu   sync.Mutex
	keys map[string]FrameMeta
}

func (m *memStore) Put(ctx context.Context, key string, data []byte, meta FrameMeta) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = make(map[string]FrameMeta)
	}
	m.keys[key] = meta
	return nil
}

func TestScanReelsWithFilmBreak(t *testing.T) {
	defer goleak.VerifyNone(t)

	tr := &fakeTransport{
		reels: map[string]Reel{
			"R-1953-07": {ID: "R-1953-07", Collection: "gazette", Frames: 24, Polarity: Negative},
			"R-1954-02": {ID: "R-1954-02", Collection: "gazette", Frames: 30, Polarity: Negative},
		},
		breakAt: map[string]int{"R-1954-02": 17},
	}
	cam := &fakeCamera{t: tr, blank: map[int]bool{1: true, 24: true}}
	store := &memStore{}
	s, err := New(Config{Workers: 3, KeyPrefix: "masters/"}, tr, cam, fakeProcessor{}, store)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	rep, err := s.ScanReel(ctx, "R-1953-07")
	if err != nil {
		t.Fatalf("first reel: %v", err)
	}
	if rep.Stored != 22 || len(rep.Blank) != 2 {
		t.Fatalf("first reel: stored %d, blank %v", rep.Stored, rep.Blank)
	}
	if _, ok := store.keys["masters/gazette/R-1953-07/00002.tif"]; !ok {
		t.Fatalf("frame 2 of the first reel not stored")
	}

	_, err = s.ScanReel(ctx, "R-1954-02")
	if !errors.Is(err, ErrFilmBreak) {
		t.Fatalf("second reel: got %v, want film break", err)
	}

	if _, err := s.ScanReel(ctx, "R-1960-01"); err == nil {
		t.Fatal("unknown reel scanned without error")
	}
}
