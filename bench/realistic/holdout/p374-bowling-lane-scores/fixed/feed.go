package lanes

import (
	"errors"
	"sort"
	"sync"
	"time"
)

// ErrFeedClosed is returned when a roll is published to a lane that has been
// shut down for the night.
var ErrFeedClosed = errors.New("lanes: feed closed")

// Roll is one delivery reported by a lane's pinsetter.
type Roll struct {
	Bowler string
	Pins   int
	At     time.Time
}

// Feed is the ordered log of rolls on one lane. Readers keep a cursor into
// the log and block until rolls past it arrive.
type Feed struct {
	Lane int

	mu     sync.Mutex
	cond   *sync.Cond
	rolls  []Roll
	closed bool
}

// NewFeed returns an open feed for lane.
func NewFeed(lane int) *Feed {
	f := &Feed{Lane: lane}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// Publish appends a roll and wakes every reader.
func (f *Feed) Publish(r Roll) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrFeedClosed
	}
	if r.At.IsZero() {
		r.At = time.Now()
	}
	f.rolls = append(f.rolls, r)
	f.cond.Broadcast()
	return nil
}

// Since blocks until there are rolls after cursor and returns them. It
// returns false once the feed is closed and the reader has seen every roll.
func (f *Feed) Since(cursor int) ([]Roll, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.rolls) <= cursor && !f.closed {
		f.cond.Wait()
	}
	if len(f.rolls) > cursor {
		return append([]Roll(nil), f.rolls[cursor:]...), true
	}
	return nil, false
}

// Len returns the number of rolls published so far.
func (f *Feed) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.rolls)
}

// Close shuts the lane's feed. Rolls already published stay readable.
func (f *Feed) Close() {
	f.mu.Lock()
	f.closed = true
	f.cond.Broadcast()
	f.mu.Unlock()
}

// Standing is one bowler's line on the centre's scoreboard.
type Standing struct {
	Lane     int
	Bowler   string
	Frame    int
	Score    int
	Finished bool
}

// Scoreboard follows lane feeds and keeps every bowler's game.
type Scoreboard struct {
	mu     sync.RWMutex
	games  map[int]map[string]*Game
	order  map[int][]string
	closed map[int]bool
	errs   []error
}

// NewScoreboard returns an empty scoreboard.
func NewScoreboard() *Scoreboard {
	return &Scoreboard{
		games:  make(map[int]map[string]*Game),
		order:  make(map[int][]string),
		closed: make(map[int]bool),
	}
}

// Follow starts tracking f in the background until the feed is closed.
func (b *Scoreboard) Follow(f *Feed) {
	b.mu.Lock()
	if b.games[f.Lane] == nil {
		b.games[f.Lane] = make(map[string]*Game)
	}
	b.mu.Unlock()
	go b.follow(f)
}

func (b *Scoreboard) follow(f *Feed) {
	cursor := 0
	for {
		rolls, ok := f.Since(cursor)
		if !ok {
			b.mu.Lock()
			b.closed[f.Lane] = true
			b.mu.Unlock()
			return
		}
		cursor += len(rolls)
		b.apply(f.Lane, rolls)
	}
}

func (b *Scoreboard) apply(lane int, rolls []Roll) {
	b.mu.Lock()
	defer b.mu.Unlock()
	games := b.games[lane]
	for _, r := range rolls {
		g, ok := games[r.Bowler]
		if !ok {
			g = &Game{}
			games[r.Bowler] = g
			b.order[lane] = append(b.order[lane], r.Bowler)
		}
		if err := g.Add(r.Pins); err != nil {
			b.errs = append(b.errs, err)
		}
	}
}

// LaneClosed reports whether the lane's feed has ended and been fully read.
func (b *Scoreboard) LaneClosed(lane int) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.closed[lane]
}

// Standings returns the bowlers of a lane, highest score first.
func (b *Scoreboard) Standings(lane int) []Standing {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var out []Standing
	for _, name := range b.order[lane] {
		g := b.games[lane][name]
		out = append(out, Standing{
			Lane:     lane,
			Bowler:   name,
			Frame:    len(g.Frames()),
			Score:    g.Score(),
			Finished: g.Over(),
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// Errors returns the rolls that could not be applied.
func (b *Scoreboard) Errors() []error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return append([]error(nil), b.errs...)
}
