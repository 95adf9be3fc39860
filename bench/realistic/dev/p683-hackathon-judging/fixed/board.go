package judging

import (
	"context"
	"sync"
	"time"
)

// Screen receives leaderboard updates, e.g. the projector in the main hall.
type Screen interface {
	Show(ctx context.Context, standings []Standing) error
}

// Option configures a Board.
type Option func(*Board)

// WithConflicts declares judges who may not score a team, typically
// because they mentored it. The map is judge -> teams.
func WithConflicts(c map[string][]string) Option {
	return func(b *Board) {
		for judge, teams := range c {
			for _, t := range teams {
				b.conflicts[judge+"\x00"+t] = true
			}
		}
	}
}

// WithScreenTimeout bounds each push to the screen.
func WithScreenTimeout(d time.Duration) Option { return func(b *Board) { b.screenTimeout = d } }

// WithErrorHandler is called when a screen push fails.
func WithErrorHandler(f func(error)) Option { return func(b *Board) { b.onError = f } }

// Board is the live leaderboard. Ballots are applied by a single
// aggregator goroutine which pushes fresh standings to the screen after
// each one; readers may query the standings at any time.
type Board struct {
	rubric        Rubric
	screen        Screen
	conflicts     map[string]bool
	screenTimeout time.Duration
	onError       func(error)

	in   chan Ballot
	quit chan struct{}
	once sync.Once

	mu    sync.RWMutex
	teams map[string]tally
}

// NewBoard returns a running board. Call Close when judging ends.
func NewBoard(rubric Rubric, screen Screen, opts ...Option) *Board {
	b := &Board{
		rubric:        rubric,
		screen:        screen,
		conflicts:     make(map[string]bool),
		screenTimeout: 3 * time.Second,
		onError:       func(error) {},
		in:            make(chan Ballot),
		quit:          make(chan struct{}),
		teams:         make(map[string]tally),
	}
	for _, o := range opts {
		o(b)
	}
	go b.aggregate()
	return b
}

// Submit validates a ballot and hands it to the aggregator.
func (b *Board) Submit(ctx context.Context, bl Ballot) error {
	if b.conflicts[bl.Judge+"\x00"+bl.Team] {
		return ErrRecused
	}
	if _, err := b.rubric.Score(bl); err != nil {
		return err
	}
	select {
	case b.in <- bl:
		return nil
	case <-b.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Standings returns the current leaderboard.
func (b *Board) Standings() ([]Standing, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if len(b.teams) == 0 {
		return nil, ErrNoBallots
	}
	return rank(b.teams), nil
}

// Team returns one team's standing.
func (b *Board) Team(name string) (Standing, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if _, ok := b.teams[name]; !ok {
		return Standing{}, false
	}
	for _, s := range rank(b.teams) {
		if s.Team == name {
			return s, true
		}
	}
	return Standing{}, false
}

// Close stops the aggregator. Ballots submitted afterwards are rejected.
func (b *Board) Close() {
	b.once.Do(func() { close(b.quit) })
}

func (b *Board) aggregate() {
	for {
		select {
		case <-b.quit:
			return
		case bl := <-b.in:
			score, _ := b.rubric.Score(bl)
			b.mu.Lock()
			t := b.teams[bl.Team]
			if t == nil {
				t = make(tally)
				b.teams[bl.Team] = t
			}
			t[bl.Judge] = score
			snapshot := rank(b.teams)
			b.mu.Unlock()
			b.push(snapshot)
		}
	}
}

func (b *Board) push(s []Standing) {
	ctx, cancel := context.WithTimeout(context.Background(), b.screenTimeout)
	defer cancel()
	if err := b.screen.Show(ctx, s); err != nil {
		b.onError(err)
	}
}
