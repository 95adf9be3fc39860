// Package leaderboard keeps player rankings for a game. Scores are accepted
// continuously; the ranking itself is recomputed in the background, on a
// schedule and whenever a caller asks for a fresh one.
package leaderboard

import (
	"errors"
	"sync"
	"time"
)

// Entry is one row of the ranking.
type Entry struct {
	Rank   int
	Player string
	Score  int64
}

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("leaderboard: closed")

// Option configures a Board.
type Option func(*Board)

// WithInterval sets how often the ranking is recomputed on its own.
func WithInterval(d time.Duration) Option {
	return func(b *Board) { b.interval = d }
}

// Board holds the best score of each player and the last computed ranking.
type Board struct {
	interval time.Duration

	mu      sync.Mutex
	cond    *sync.Cond // wakes the recomputer
	best    map[string]int64
	ranking []Entry
	gen     uint64
	dirty   bool
	closed  bool

	quit chan struct{}
}

// New returns a board and starts its background recomputation.
func New(opts ...Option) *Board {
	b := &Board{
		interval: time.Minute,
		best:     make(map[string]int64),
		quit:     make(chan struct{}),
	}
	for _, o := range opts {
		o(b)
	}
	b.cond = sync.NewCond(&b.mu)
	go b.schedule()
	go b.recompute()
	return b
}

// Submit records a score; only a player's best score counts.
func (b *Board) Submit(player string, score int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if old, ok := b.best[player]; !ok || score > old {
		b.best[player] = score
	}
	return nil
}

// Refresh asks for the ranking to be recomputed soon. It does not wait.
func (b *Board) Refresh() {
	b.mu.Lock()
	b.dirty = true
	b.mu.Unlock()
	b.cond.Signal()
}

// Top returns up to n entries of the last computed ranking and its
// generation, which increases with every recomputation.
func (b *Board) Top(n int) ([]Entry, uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > len(b.ranking) {
		n = len(b.ranking)
	}
	return append([]Entry(nil), b.ranking[:n]...), b.gen
}

// Close stops the background work. Top keeps serving the last ranking.
func (b *Board) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	b.mu.Unlock()
	close(b.quit)
}
