package marionette

import (
	"context"
	"errors"
	"sync"
)

var (
	// ErrBoardClosed is returned when the cue board has been shut down.
	ErrBoardClosed = errors.New("marionette: cue board closed")
	// ErrCueOrder is returned when a cue is called out of order.
	ErrCueOrder = errors.New("marionette: cue called out of order")
)

// Board is the stage manager's cue board: the stage manager calls cues in
// increasing order, and operators wait for the cue that releases them.
type Board struct {
	mu      sync.Mutex
	cond    *sync.Cond
	current int
	closed  bool
}

// NewBoard returns a board standing at cue 0 (pre-show).
func NewBoard() *Board {
	b := &Board{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Current returns the last cue called.
func (b *Board) Current() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.current
}

// Call advances the board to cue n and releases everyone waiting for it.
func (b *Board) Call(n int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrBoardClosed
	}
	if n <= b.current {
		return ErrCueOrder
	}
	b.current = n
	b.cond.Broadcast()
	return nil
}

// Await blocks until cue n has been called, the board is closed, or ctx is
// done.
func (b *Board) Await(ctx context.Context, n int) error {
	reached := make(chan error, 1)
	go func() {
		b.mu.Lock()
		for b.current < n && !b.closed {
			b.cond.Wait() // leak: Close never wakes waiters
		}
		var err error
		if b.current < n {
			err = ErrBoardClosed
		}
		b.mu.Unlock()
		reached <- err
	}()

	select {
	case err := <-reached:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close shuts the board down. Cues can no longer be called.
func (b *Board) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
}
