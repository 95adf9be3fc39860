package streamjoin

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// recordingSink collects pairs and fails once failAfter pairs were accepted.
type recordingSink struct {
	mu        sync.Mutex
	pairs     []Pair
	failAfter int
	err       error
}

func (s *recordingSink) Emit(_ context.Context, p Pair) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil && len(s.pairs) >= s.failAfter {
		return s.err
	}
	s.pairs = append(s.pairs, p)
	return nil
}

// stream returns a closed channel pre-filled with recs.
func stream(recs ...Record) <-chan Record {
	ch := make(chan Record, len(recs))
	for _, r := range recs {
		ch <- r
	}
	close(ch)
	return ch
}

func TestRunStopsWhenSinkFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	errDown := errors.New("downstream unavailable")
	sink := &recordingSink{err: errDown}
	j, err := New(Config{Window: time.Minute, Sink: sink})
	if err != nil {
		t.Fatal(err)
	}

	base := time.Date(2023, 4, 1, 12, 0, 0, 0, time.UTC)
	left := stream(
		Record{Key: "order-1", Time: base},
		Record{Key: "order-2", Time: base.Add(time.Second)},
		Record{Key: "order-3", Time: base.Add(2 * time.Second)},
	)
	right := stream(
		Record{Key: "order-1", Time: base.Add(10 * time.Second)},
		Record{Key: "order-2", Time: base.Add(11 * time.Second)},
		Record{Key: "order-3", Time: base.Add(12 * time.Second)},
	)

	err = j.Run(context.Background(), left, right)
	if !errors.Is(err, errDown) {
		t.Fatalf("Run error = %v, want %v", err, errDown)
	}
	if got := j.Stats().Emitted; got != 0 {
		t.Errorf("Emitted = %d, want 0", got)
	}
}
