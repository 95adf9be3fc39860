package follower

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu      sync.Mutex
	applied uint64
	data    map[string][]byte
}

func (s *memStore) LastApplied() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.applied, nil
}

func (s *memStore) Apply(e Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil {
		s.data = make(map[string][]byte)
	}
	switch e.Op {
	case OpPut:
		s.data[e.Key] = e.Value
	case OpDelete:
		delete(s.data, e.Key)
	}
	s.applied = e.Index
	return nil
}

type stream struct {
	*bytes.Reader
	closed chan struct{}
}

func (s *stream) Close() error {
	close(s.closed)
	return nil
}

type fakeLeader struct {
	frames []byte
	opened *stream
}

func (l *fakeLeader) Stream(_ context.Context, _ uint64) (io.ReadCloser, error) {
	l.opened = &stream{Reader: bytes.NewReader(l.frames), closed: make(chan struct{})}
	return l.opened, nil
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time                       { return c.t }
func (c fixedClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

func heartbeat(commit uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], commit)
	return b[:]
}

func entry(t *testing.T, e Entry) []byte {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSyncStopsAtGap(t *testing.T) {
	defer goleak.VerifyNone(t)

	var frames []byte
	frames = AppendFrame(frames, KindHeartbeat, heartbeat(6))
	frames = AppendFrame(frames, KindEntry, entry(t, Entry{Index: 1, Term: 3, Op: OpPut, Key: "a", Value: []byte("1")}))
	frames = AppendFrame(frames, KindEntry, entry(t, Entry{Index: 2, Term: 3, Op: OpPut, Key: "b", Value: []byte("2")}))
	// Entry 3 was lost by the leader's send buffer.
	frames = AppendFrame(frames, KindEntry, entry(t, Entry{Index: 4, Term: 3, Op: OpDelete, Key: "a"}))
	frames = AppendFrame(frames, KindEntry, entry(t, Entry{Index: 5, Term: 3, Op: OpPut, Key: "c", Value: []byte("3")}))
	frames = AppendFrame(frames, KindHeartbeat, heartbeat(6))

	store := &memStore{}
	leader := &fakeLeader{frames: frames}
	f, err := New(Config{
		Leader: leader,
		Store:  store,
		Clock:  fixedClock{time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
		Logf:   t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}

	err = f.Sync(context.Background())
	if !errors.Is(err, ErrLogGap) {
		t.Fatalf("Sync error = %v, want ErrLogGap", err)
	}
	select {
	case <-leader.opened.closed:
	default:
		t.Error("stream was not closed")
	}
	st := f.Status()
	if st.Applied != 2 || st.Lag() != 4 {
		t.Errorf("status = %+v (lag %d), want applied 2, lag 4", st, st.Lag())
	}
	if got := string(store.data["b"]); got != "2" {
		t.Errorf("b = %q, want 2", got)
	}
}
