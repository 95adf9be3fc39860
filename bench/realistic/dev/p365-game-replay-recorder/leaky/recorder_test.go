package replay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

var errSlowDown = errors.New("503 slow down")

// fakeStore keeps chunks in memory. Queued errors are returned before the
// body is read, the way an object store rejects a request on its headers.
type fakeStore struct {
	mu      sync.Mutex
	rejects []error
	objects map[string][]byte
}

func (s *fakeStore) PutChunk(ctx context.Context, key string, body io.Reader) error {
	s.mu.Lock()
	if len(s.rejects) > 0 {
		err := s.rejects[0]
		s.rejects = s.rejects[1:]
		s.mu.Unlock()
		return err
	}
	s.mu.Unlock()
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.objects == nil {
		s.objects = make(map[string][]byte)
	}
	s.objects[key] = data
	return nil
}

func (s *fakeStore) get(key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.objects[key]
	return b, ok
}

func TestRejectedChunkIsRetriedOnFlush(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	store := &fakeStore{rejects: []error{errSlowDown}}
	rec, err := NewRecorder("match-42", store, WithChunkFrames(3))
	if err != nil {
		t.Fatal(err)
	}

	for tick := uint64(10); tick < 12; tick++ {
		if err := rec.Record(ctx, Frame{Tick: tick, Player: "p1", Input: []byte(fmt.Sprintf("move %d", tick))}); err != nil {
			t.Fatalf("record tick %d: %v", tick, err)
		}
	}
	err = rec.Record(ctx, Frame{Tick: 12, Player: "p1", Input: []byte("fire")})
	if !errors.Is(err, errSlowDown) {
		t.Fatalf("record tick 12: got %v, want %v", err, errSlowDown)
	}

	if err := rec.Flush(ctx); err != nil {
		t.Fatalf("retry flush: %v", err)
	}
	data, ok := store.get("match-42/p1/00000000.rpl")
	if !ok {
		t.Fatal("chunk not stored after retry")
	}
	player, seq, frames, err := ReadChunk(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if player != "p1" || seq != 0 || len(frames) != 3 {
		t.Fatalf("decoded player=%q seq=%d frames=%d", player, seq, len(frames))
	}
	if frames[2].Tick != 12 || string(frames[2].Input) != "fire" {
		t.Fatalf("last frame = %+v", frames[2])
	}
	if st := rec.Stats(); st.Chunks != 1 || st.FailedFlushes != 1 {
		t.Fatalf("stats = %+v", st)
	}
	if err := rec.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
}
