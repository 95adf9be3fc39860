package jobq

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time                       { return c.now }
func (c *fakeClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }
func (c *fakeClock) NewTicker(time.Duration) Ticker       { return &fakeTicker{c: make(chan time.Time)} }

type fakeTicker struct{ c chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               {}

type settled struct {
	job    Job
	how    string
	reason string
}

// memStore hands out the jobs it was seeded with, once each.
type memStore struct {
	mu      sync.Mutex
	ready   []Job
	settled chan settled
}

func (s *memStore) Push(ctx context.Context, queue string, job Job, runAt time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ready = append(s.ready, job)
	return nil
}

func (s *memStore) Reserve(ctx context.Context, queue string, now, leaseUntil time.Time) (Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ready) == 0 {
		return Job{}, ErrNoJob
	}
	job := s.ready[0]
	s.ready = s.ready[1:]
	job.Attempts++
	return job, nil
}

func (s *memStore) Extend(ctx context.Context, queue, id string, leaseUntil time.Time) error {
	return nil
}

func (s *memStore) Ack(ctx context.Context, queue, id string) error {
	s.settled <- settled{job: Job{ID: id}, how: "ack"}
	return nil
}

func (s *memStore) Retry(ctx context.Context, queue string, job Job, runAt time.Time) error {
	s.settled <- settled{job: job, how: "retry"}
	return nil
}

func (s *memStore) DeadLetter(ctx context.Context, queue string, job Job, reason string) error {
	s.settled <- settled{job: job, how: "dead", reason: reason}
	return nil
}

func TestPanickingHandlerIsRetried(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	store := &memStore{settled: make(chan settled, 1)}
	q := NewQueue(store, "emails", clock)
	id, err := q.Enqueue(context.Background(), []byte(`{"to":`), WithMaxAttempts(3))
	if err != nil {
		t.Fatalf("Enqueue: %v", err)
	}

	handler := func(ctx context.Context, job Job) error {
		var msg map[string]string
		msg["to"] = string(job.Payload) // nil map: panics
		return nil
	}
	w, err := NewWorker(store, handler, Config{
		Queue:             "emails",
		Visibility:        30 * time.Second,
		HeartbeatInterval: 10 * time.Second,
		Clock:             clock,
	})
	if err != nil {
		t.Fatalf("NewWorker: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	got := <-store.settled
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	if got.how != "retry" || got.job.ID != id || got.job.Attempts != 1 {
		t.Fatalf("job settled as %+v, want retry of %s after 1 attempt", got, id)
	}
}
