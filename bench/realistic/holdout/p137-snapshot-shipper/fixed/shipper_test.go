package snapship

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

type kv struct{ key, value []byte }

type fakeSnapshot struct {
	index, term uint64
	records     []kv

	mu       sync.Mutex
	released bool
}

func (s *fakeSnapshot) Index() uint64 { return s.index }
func (s *fakeSnapshot) Term() uint64  { return s.term }

func (s *fakeSnapshot) Range(fn func(key, value []byte) error) error {
	for _, r := range s.records {
		if err := fn(r.key, r.value); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeSnapshot) Release() {
	s.mu.Lock()
	s.released = true
	s.mu.Unlock()
}

type fakeFSM struct {
	index, term uint64
	n           int
}

func (f *fakeFSM) Snapshot(ctx context.Context) (Snapshot, error) {
	s := &fakeSnapshot{index: f.index, term: f.term}
	for i := 0; i < f.n; i++ {
		s.records = append(s.records, kv{
			key:   []byte(fmt.Sprintf("user/%04d", i)),
			value: bytes.Repeat([]byte{byte('a' + i%26)}, 40),
		})
	}
	return s, nil
}

type tempErr struct{ msg string }

func (e tempErr) Error() string   { return e.msg }
func (e tempErr) Temporary() bool { return true }

// fakeTransport records chunks per follower and fails according to a script
// keyed by follower and chunk number.
type fakeTransport struct {
	mu       sync.Mutex
	received map[string][]Chunk
	calls    map[string]int
	fail     map[string]map[int]error
}

func newFakeTransport() *fakeTransport {
	return &fakeTransport{
		received: make(map[string][]Chunk),
		calls:    make(map[string]int),
		fail:     make(map[string]map[int]error),
	}
}

func (t *fakeTransport) InstallSnapshot(ctx context.Context, follower string, c Chunk) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	call := t.calls[follower]
	t.calls[follower]++
	if err, ok := t.fail[follower][call]; ok {
		return err
	}
	t.received[follower] = append(t.received[follower], c)
	return nil
}

type instantClock struct{}

func (instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

func TestShipRetriesAndAborts(t *testing.T) {
	defer goleak.VerifyNone(t)

	fsm := &fakeFSM{index: 120, term: 4, n: 200}
	tr := newFakeTransport()
	tr.fail["n2"] = map[int]error{1: tempErr{"connection reset"}}
	tr.fail["n3"] = map[int]error{2: fmt.Errorf("term 5 > 4: %w", ErrRejected)}

	m, err := New(fsm, tr, Config{ChunkSize: 512, MaxAttempts: 3, Clock: instantClock{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// n2 sees one transient failure and then receives the whole snapshot.
	res, err := m.Ship(ctx, "n2")
	if err != nil {
		t.Fatalf("Ship(n2): %v", err)
	}
	var stream bytes.Buffer
	for i, c := range tr.received["n2"] {
		if c.Offset != uint64(stream.Len()) {
			t.Fatalf("chunk %d offset = %d, want %d", i, c.Offset, stream.Len())
		}
		stream.Write(c.Data)
	}
	if uint64(stream.Len()) != res.Bytes || res.Chunks != len(tr.received["n2"]) {
		t.Fatalf("result %+v does not match %d bytes in %d chunks", res, stream.Len(), len(tr.received["n2"]))
	}
	count := 0
	idx, term, err := Decode(&stream, func(key, value []byte) error {
		count++
		return nil
	})
	if err != nil || idx != 120 || term != 4 || count != fsm.n {
		t.Fatalf("Decode = (%d, %d, %v) with %d records", idx, term, err, count)
	}

	// n3 rejects the third chunk because it has moved to a newer term.
	_, err = m.Ship(ctx, "n3")
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("Ship(n3) error = %v, want ErrRejected", err)
	}
	if got := len(tr.received["n3"]); got != 2 {
		t.Fatalf("n3 received %d chunks before rejecting, want 2", got)
	}

	// The follower is free for another attempt once the first one failed.
	if err := m.acquire("n3"); err != nil {
		t.Fatalf("acquire after failed transfer: %v", err)
	}
	m.release("n3")
}
