package replication

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// scriptedFollower answers AppendEntries after its gate opens.
type scriptedFollower struct {
	gate chan struct{}
	resp func(req AppendRequest) AppendResponse
}

type fakeTransport struct {
	followers map[string]*scriptedFollower
}

func (t *fakeTransport) AppendEntries(ctx context.Context, peer string, req AppendRequest) (AppendResponse, error) {
	f, ok := t.followers[peer]
	if !ok {
		return AppendResponse{}, errors.New("unknown peer " + peer)
	}
	select {
	case <-f.gate:
	case <-ctx.Done():
		return AppendResponse{}, ctx.Err()
	}
	return f.resp(req), nil
}

type memStorage struct {
	mu      sync.Mutex
	entries []Entry
}

func (s *memStorage) Append(entries []Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = append(s.entries, entries...)
	return nil
}

func open() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

func TestStepDownOnHigherTermFromFollower(t *testing.T) {
	defer goleak.VerifyNone(t)

	const term = 5
	n3gate := make(chan struct{})
	transport := &fakeTransport{followers: map[string]*scriptedFollower{
		"n2": {gate: open(), resp: func(req AppendRequest) AppendResponse {
			return AppendResponse{Term: req.Term, Success: true}
		}},
		// n3 was partitioned, held an election and came back in term 6.
		"n3": {gate: n3gate, resp: func(req AppendRequest) AppendResponse {
			return AppendResponse{Term: term + 1, Success: false}
		}},
	}}
	storage := &memStorage{}

	l, err := New(Config{
		ID:        "n1",
		Term:      term,
		Peers:     []string{"n2", "n3"},
		Transport: transport,
		Storage:   storage,
		Logger:    log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	idx, err := l.Propose(context.Background(), []byte("set x=1"))
	if err != nil {
		t.Fatalf("Propose: %v", err)
	}
	select {
	case c := <-l.Committed():
		if c != idx {
			t.Fatalf("committed %d, want %d", c, idx)
		}
	case <-time.After(time.Second):
		t.Fatal("entry was not committed by n1+n2")
	}
	if got := l.MatchIndex("n2"); got != idx {
		t.Fatalf("MatchIndex(n2) = %d, want %d", got, idx)
	}

	close(n3gate)
	select {
	case <-l.Done():
	case <-time.After(time.Second):
		t.Fatal("leader did not step down")
	}
	if got := l.Term(); got != term+1 {
		t.Fatalf("Term() = %d, want %d", got, term+1)
	}
	if _, err := l.Propose(context.Background(), []byte("set x=2")); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("Propose after step-down: %v, want ErrNotLeader", err)
	}
	l.Close()
}
