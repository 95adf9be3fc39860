package playout

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLibrary map[string][]Track

func (l fakeLibrary) Tracks(_ context.Context, cat string) ([]Track, error) {
	return l[cat], nil
}

type fakeSource struct {
	name string

	mu    sync.Mutex
	loads []string
}

func (s *fakeSource) Name() string { return s.name }

func (s *fakeSource) Load(ctx context.Context, t Track) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.loads = append(s.loads, t.ID)
	s.mu.Unlock()
	return []byte("pcm:" + t.ID), nil
}

// waitBuffered spins until the scheduler reports n preloaded tracks.
func waitBuffered(t *testing.T, s *Scheduler, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for s.Buffered() < n {
		if time.Now().After(deadline) {
			t.Fatalf("preloader never buffered %d tracks (have %d)", n, s.Buffered())
		}
		runtime.Gosched()
	}
}

func TestFailoverToBackupSource(t *testing.T) {
	defer goleak.VerifyNone(t)

	lib := fakeLibrary{
		"A": {
			{ID: "a1", Artist: "Blondie", Title: "Atomic"},
			{ID: "a2", Artist: "Blondie", Title: "Call Me"},
			{ID: "a3", Artist: "Talking Heads", Title: "Once in a Lifetime"},
		},
		"B": {
			{ID: "b1", Artist: "Pixies", Title: "Here Comes Your Man"},
			{ID: "b2", Artist: "Pixies", Title: "Debaser"},
		},
	}
	nas := &fakeSource{name: "studio-nas"}
	cloud := &fakeSource{name: "cloud-backup"}

	s, err := New(lib, nas, cloud, Config{
		Clock:            []string{"A", "B", "A", "B"},
		ArtistSeparation: 2,
		PreloadDepth:     2,
	})
	if err != nil {
		t.Fatal(err)
	}
	playlist, err := s.BuildPlaylist(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := playlist[2].ID; got != "a3" {
		t.Fatalf("slot 2 = %s, want a3 (artist separation)", got)
	}

	if err := s.Start(playlist); err != nil {
		t.Fatal(err)
	}
	waitBuffered(t, s, 2)
	first, err := s.NextForAir()
	if err != nil {
		t.Fatal(err)
	}
	if first.Source != "studio-nas" || first.Track.ID != "a1" {
		t.Fatalf("first on air = %s from %s", first.Track.ID, first.Source)
	}
	waitBuffered(t, s, 2)

	if err := s.Failover("nas stopped responding"); err != nil {
		t.Fatal(err)
	}
	if got := s.ActiveSource(); got != "cloud-backup" {
		t.Fatalf("active source = %s, want cloud-backup", got)
	}
	waitBuffered(t, s, 1)
	next, err := s.NextForAir()
	if err != nil {
		t.Fatal(err)
	}
	if next.Source != "cloud-backup" || next.Track.ID != playlist[1].ID {
		t.Fatalf("after failover on air = %s from %s", next.Track.ID, next.Source)
	}

	s.Stop()
}
