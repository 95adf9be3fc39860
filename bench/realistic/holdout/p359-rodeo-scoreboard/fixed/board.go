package scoreboard

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
)

// Board holds the best score per rider per event and republishes the
// leaderboards whenever they change.
type Board struct {
	display Display
	onError func(error)

	mu      sync.RWMutex
	riders  map[string]Rider
	best    map[Event]map[string]Score
	version uint64

	closed atomic.Bool

	dirty  chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// Option configures a Board.
type Option func(*Board)

// WithErrorHandler receives display errors, which are otherwise dropped.
func WithErrorHandler(fn func(error)) Option {
	return func(b *Board) { b.onError = fn }
}

// NewBoard returns a running Board that publishes to display.
func NewBoard(display Display, riders []Rider, opts ...Option) *Board {
	b := &Board{
		display: display,
		onError: func(error) {},
		riders:  make(map[string]Rider, len(riders)),
		best:    make(map[Event]map[string]Score),
		dirty:   make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
	for _, r := range riders {
		b.riders[r.ID] = r
	}
	for _, opt := range opts {
		opt(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.run(ctx)
	return b
}

// Record scores a run and keeps it if it is the rider's best in the event.
func (b *Board) Record(r Run) error {
	s, err := ScoreRun(r)
	if err != nil {
		return err
	}

	if b.closed.Load() {
		return ErrClosed
	}

	b.mu.Lock()
	rider, ok := b.riders[r.RiderID]
	if !ok {
		b.mu.Unlock()
		return ErrUnknownRider
	}
	if rider.Scratched {
		b.mu.Unlock()
		return ErrScratched
	}
	byRider := b.best[r.Event]
	if byRider == nil {
		byRider = make(map[string]Score)
		b.best[r.Event] = byRider
	}
	if prev, ok := byRider[r.RiderID]; ok && !better(r.Event, s, prev) {
		b.mu.Unlock()
		return nil
	}
	byRider[r.RiderID] = s
	b.version++
	b.mu.Unlock()

	b.markDirty()
	return nil
}

// Scratch withdraws a rider; their scores stay but they cannot ride again.
func (b *Board) Scratch(riderID string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.riders[riderID]
	if !ok {
		return ErrUnknownRider
	}
	r.Scratched = true
	b.riders[riderID] = r
	return nil
}

func (b *Board) markDirty() {
	select {
	case b.dirty <- struct{}{}:
	default:
	}
}

// Leaderboards returns the current standings of every event.
func (b *Board) Leaderboards() []Leaderboard {
	b.mu.RLock()
	defer b.mu.RUnlock()

	events := make([]Event, 0, len(b.best))
	for e := range b.best {
		events = append(events, e)
	}
	sort.Slice(events, func(i, j int) bool { return events[i] < events[j] })

	out := make([]Leaderboard, 0, len(events))
	for _, e := range events {
		lb := Leaderboard{Event: e, Version: b.version}
		for id, s := range b.best[e] {
			lb.Standings = append(lb.Standings, Standing{Rider: id, Name: b.riders[id].Name, Score: s})
		}
		sort.Slice(lb.Standings, func(i, j int) bool {
			a, c := lb.Standings[i], lb.Standings[j]
			if better(e, a.Score, c.Score) != better(e, c.Score, a.Score) {
				return better(e, a.Score, c.Score)
			}
			return a.Rider < c.Rider
		})
		for i := range lb.Standings {
			lb.Standings[i].Place = i + 1
		}
		out = append(out, lb)
	}
	return out
}

func (b *Board) run(ctx context.Context) {
	defer close(b.done)
	for {
		select {
		case <-b.dirty:
			b.publish()
		case <-ctx.Done():
			// Leave the displays showing the final standings.
			b.publish()
			return
		}
	}
}

func (b *Board) publish() {
	if err := b.display.Show(b.Leaderboards()); err != nil {
		b.onError(err)
	}
}

// Close stops the board after a final publish. It waits for the publish
// to complete or for ctx to expire.
func (b *Board) Close(ctx context.Context) error {
	if b.closed.Swap(true) {
		return nil
	}
	b.cancel()
	select {
	case <-b.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
