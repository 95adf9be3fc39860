package karaoke

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLyrics struct {
	mu     sync.Mutex
	calls  map[string]int
	lyrics map[string]*Lyrics
	slow   map[string]bool
}

func (f *fakeLyrics) Fetch(ctx context.Context, id string) (*Lyrics, error) {
	f.mu.Lock()
	f.calls[id]++
	f.mu.Unlock()
	if f.slow[id] {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	l, ok := f.lyrics[id]
	if !ok {
		return nil, errors.New("not in catalogue")
	}
	return l, nil
}

func TestRotationWithSlowLyricsProvider(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeLyrics{
		calls: make(map[string]int),
		lyrics: map[string]*Lyrics{
			"dq":  {SongID: "dq", Lines: []Line{{0, "You can dance"}}},
			"ibm": {SongID: "ibm", Lines: []Line{{0, "First I was afraid"}}},
		},
		slow: map[string]bool{"bohemian": true},
	}
	host := NewHost(src, WithLyricsTimeout(150*time.Millisecond), WithLogger(t.Logf))
	ctx := context.Background()

	requests := []struct {
		singer string
		song   Song
	}{
		{"alice", Song{ID: "dq", Title: "Dancing Queen", Artist: "ABBA"}},
		{"alice", Song{ID: "ibm", Title: "I Will Survive", Artist: "Gloria Gaynor"}},
		{"bob", Song{ID: "bohemian", Title: "Bohemian Rhapsody", Artist: "Queen"}},
	}
	for _, r := range requests {
		if _, err := host.Request(ctx, r.singer, r.song); err != nil {
			t.Fatalf("Request(%s, %s): %v", r.singer, r.song, err)
		}
	}
	if _, err := host.Request(ctx, "alice", Song{ID: "dq"}); !errors.Is(err, ErrTooManySongs) {
		t.Fatalf("third request by alice: got %v, want ErrTooManySongs", err)
	}

	want := []string{"alice", "bob", "alice"}
	for i, e := range host.Upcoming() {
		if e.Singer != want[i] {
			t.Fatalf("upcoming[%d] = %s, want %s", i, e.Singer, want[i])
		}
	}

	first, err := host.Next(ctx)
	if err != nil || first.Song.ID != "dq" || first.Lyrics == nil {
		t.Fatalf("first up = %+v, %v", first, err)
	}
	second, err := host.Next(ctx)
	if err != nil || second.Singer != "bob" || second.Lyrics != nil {
		t.Fatalf("second up = %+v, %v", second, err)
	}
	if _, err := host.Next(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := host.Next(ctx); !errors.Is(err, ErrEmptyQueue) {
		t.Fatalf("Next on empty queue: %v", err)
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.calls["bohemian"] != 2 || src.calls["dq"] != 1 {
		t.Errorf("unexpected fetch counts: %v", src.calls)
	}
}
