package configpoll

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// scriptedSource answers each Poll with the next queued response, blocking
// until the test queues one or the poll is cancelled.
type scriptedSource struct {
	responses chan Snapshot

	mu     sync.Mutex
	sinces []Version
}

func (s *scriptedSource) Poll(ctx context.Context, ns string, since Version) (Snapshot, error) {
	s.mu.Lock()
	s.sinces = append(s.sinces, since)
	s.mu.Unlock()
	select {
	case snap := <-s.responses:
		snap.Namespace = ns
		return snap, nil
	case <-ctx.Done():
		return Snapshot{}, ctx.Err()
	}
}

type neverClock struct{}

func (neverClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

func TestListenerPanicDoesNotStopUpdates(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &scriptedSource{responses: make(chan Snapshot)}
	var logs []string
	var logMu sync.Mutex
	c, err := New(Options{
		Namespace: "checkout",
		Source:    src,
		Clock:     neverClock{},
		Logf: func(format string, args ...interface{}) {
			logMu.Lock()
			logs = append(logs, format)
			logMu.Unlock()
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	// An application listener that parses a setting and blows up on a bad
	// value, announcing each version it is handed.
	parsed := make(chan Version, 4)
	c.Subscribe(func(s Snapshot) {
		parsed <- s.Version
		v, _ := s.Get("max_items")
		_ = mustAtoi(v)
	})
	// A well-behaved listener that records every version.
	seen := make(chan Version, 4)
	c.Subscribe(func(s Snapshot) { seen <- s.Version })

	ctx := context.Background()
	c.Start(ctx)
	defer c.Close()

	src.responses <- Snapshot{Version: 1, Values: map[string]string{"max_items": "20"}}
	snap, err := c.Await(ctx, 1)
	if err != nil {
		t.Fatalf("Await(1): %v", err)
	}
	if v, _ := snap.Get("max_items"); v != "20" {
		t.Fatalf("max_items = %q, want 20", v)
	}
	if v := <-parsed; v != 1 {
		t.Fatalf("parsing listener got version %d, want 1", v)
	}
	if v := <-seen; v != 1 {
		t.Fatalf("listener got version %d, want 1", v)
	}

	// Version 2 carries a value the parsing listener cannot handle.
	src.responses <- Snapshot{Version: 2, Values: map[string]string{"max_items": "twenty"}}
	if v := <-parsed; v != 2 {
		t.Fatalf("parsing listener got version %d, want 2", v)
	}
	if v := <-seen; v != 2 {
		t.Fatalf("listener got version %d, want 2", v)
	}
	if cur, ok := c.Current(); !ok || cur.Version != 2 {
		t.Fatalf("Current = %d, %v; want version 2", cur.Version, ok)
	}
	<-c.Ready()
}
