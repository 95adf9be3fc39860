package batches

import (
	"errors"
	"sync"
)

// run: t := NewTracker(); t.Start("b1", 2); done := make(chan error, 1); go func() { done <- t.Await("b1") }(); for !t.Waiting() { }; _ = t.Cancel("b1")

var errCancelled = errors.New("batches: batch cancelled")

type batch struct {
	remaining int
	cancelled bool
}

// Tracker follows batches of parts until every part is done.
type Tracker struct {
	mu      sync.Mutex
	cond    *sync.Cond
	batches map[string]*batch
	waiting int
}

func NewTracker() *Tracker {
	t := &Tracker{batches: make(map[string]*batch)}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// Start registers a batch of n parts.
func (t *Tracker) Start(id string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := &batch{}
	b.remaining = n
	t.batches[id] = b
}

// Waiting says whether someone waits on a batch.
func (t *Tracker) Waiting() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.waiting > 0
}

// Await waits until every part of the batch is done, or it is cancelled.
func (t *Tracker) Await(id string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.batches[id]
	if !ok {
		return nil
	}
	t.waiting++
	for b.remaining > 0 && !b.cancelled {
		t.cond.Wait()
	}
	t.waiting--
	if b.cancelled {
		return errCancelled
	}
	return nil
}

// Done marks one part of the batch finished.
func (t *Tracker) Done(id string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.batches[id]
	if !ok {
		return nil
	}
	if b.cancelled {
		return errCancelled
	}
	b.remaining--
	if b.remaining == 0 {
		t.cond.Broadcast()
	}
	return nil
}

// Cancel gives up on the batch and releases whoever waits on it.
func (t *Tracker) Cancel(id string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.batches[id]
	if !ok {
		return nil
	}
	b.cancelled = true
	t.cond.Broadcast()
	return nil
}
