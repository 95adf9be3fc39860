// Package matchmaker groups queued players of similar skill into matches.
//
// Players call Join, which blocks until they are placed in a match, their
// queue time runs out, they Leave, or the matchmaker is closed. Matching is
// attempted whenever a player joins and again on every periodic sweep, when
// rating windows have widened and stale tickets are expired.
package matchmaker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors reported by the matchmaker. They are wrapped; use errors.Is.
var (
	ErrClosed        = errors.New("matchmaker closed")
	ErrAlreadyQueued = errors.New("player already queued")
	ErrNotQueued     = errors.New("player not queued")
	ErrLeft          = errors.New("player left the queue")
	ErrQueueTimeout  = errors.New("no match found in time")
	ErrInvalidPlayer = errors.New("invalid player")
)

// Player is a participant looking for a match.
type Player struct {
	ID     string
	Rating int
	Region string
}

// Match is a group of players that should be sent to a game server together.
type Match struct {
	ID      string
	Region  string
	Players []Player
	Created time.Time
}

// Config tunes the matchmaker. Zero values select the defaults.
type Config struct {
	// MatchSize is the number of players per match. Default 2.
	MatchSize int
	// RatingWindow is the initial rating spread allowed within a match.
	// Default 100.
	RatingWindow int
	// WindowGrowth widens the window by this much per second waited.
	// Default 25.
	WindowGrowth int
	// MaxWait is how long a player may wait before Join gives up with
	// ErrQueueTimeout. Default one minute.
	MaxWait time.Duration
	// SweepInterval is how often stale tickets are expired and matching is
	// retried with wider windows. Default one second.
	SweepInterval time.Duration
	// OnMatch, if set, is called for every match formed, outside any lock.
	OnMatch func(Match)
	// Clock defaults to the system clock.
	Clock Clock
}

func (c *Config) setDefaults() {
	if c.MatchSize == 0 {
		c.MatchSize = 2
	}
	if c.RatingWindow == 0 {
		c.RatingWindow = 100
	}
	if c.WindowGrowth == 0 {
		c.WindowGrowth = 25
	}
	if c.MaxWait == 0 {
		c.MaxWait = time.Minute
	}
	if c.SweepInterval == 0 {
		c.SweepInterval = time.Second
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
}

// Matchmaker holds the queue of waiting players.
type Matchmaker struct {
	cfg       Config
	clock     Clock
	stop      chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex
	tickets map[string]*ticket
	seq     uint64
	closed  bool
}

// New validates cfg and starts the background sweeper. Call Close to stop it.
func New(cfg Config) (*Matchmaker, error) {
	cfg.setDefaults()
	if cfg.MatchSize < 2 {
		return nil, fmt.Errorf("matchmaker: match size %d: must be at least 2", cfg.MatchSize)
	}
	m := &Matchmaker{
		cfg:     cfg,
		clock:   cfg.Clock,
		stop:    make(chan struct{}),
		tickets: make(map[string]*ticket),
	}
	go m.run(m.clock.NewTicker(cfg.SweepInterval))
	return m, nil
}

// Join queues p and blocks until p is placed in a match or the attempt ends.
// If ctx is done first, p is removed from the queue and ctx's error is
// returned, unless a match had already been formed for p.
func (m *Matchmaker) Join(ctx context.Context, p Player) (*Match, error) {
	if p.ID == "" || p.Region == "" {
		return nil, fmt.Errorf("join: %w: id and region are required", ErrInvalidPlayer)
	}
	t := &ticket{player: p, result: make(chan outcome, 1)}

	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, fmt.Errorf("join %q: %w", p.ID, ErrClosed)
	}
	if _, dup := m.tickets[p.ID]; dup {
		m.mu.Unlock()
		return nil, fmt.Errorf("join %q: %w", p.ID, ErrAlreadyQueued)
	}
	t.queuedAt = m.clock.Now()
	m.tickets[p.ID] = t
	formed := m.matchLocked(t.queuedAt)
	m.mu.Unlock()
	m.announce(formed)

	select {
	case out := <-t.result:
		return out.match, out.err
	case <-ctx.Done():
	}

	m.mu.Lock()
	if m.tickets[p.ID] == t {
		delete(m.tickets, p.ID)
	}
	m.mu.Unlock()
	select {
	case out := <-t.result:
		// Resolved while we were giving up; report what actually happened.
		return out.match, out.err
	default:
		return nil, fmt.Errorf("join %q: %w", p.ID, ctx.Err())
	}
}

// Leave removes a waiting player from the queue; its pending Join returns
// ErrLeft. It returns ErrNotQueued if the player is not waiting, for example
// because a match was formed already.
func (m *Matchmaker) Leave(playerID string) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return fmt.Errorf("leave %q: %w", playerID, ErrClosed)
	}
	t, ok := m.tickets[playerID]
	if !ok {
		return fmt.Errorf("leave %q: %w", playerID, ErrNotQueued)
	}
	delete(m.tickets, playerID)
	m.mu.Unlock()

	t.resolve(outcome{err: fmt.Errorf("join %q: %w", playerID, ErrLeft)})
	return nil
}

// Close stops the sweeper. Pending Join calls return ErrClosed.
func (m *Matchmaker) Close() {
	m.closeOnce.Do(func() { close(m.stop) })
}

func (m *Matchmaker) run(tk Ticker) {
	defer tk.Stop()
	for {
		select {
		case <-m.stop:
			m.shutdown()
			return
		case now := <-tk.C():
			m.sweep(now)
		}
	}
}

// sweep expires tickets that have waited longer than MaxWait and retries
// matching for the rest with their widened windows.
func (m *Matchmaker) sweep(now time.Time) {
	m.mu.Lock() // leak: mutex left locked by Leave's not-queued return
	var expired []*ticket
	for id, t := range m.tickets {
		if now.Sub(t.queuedAt) >= m.cfg.MaxWait {
			delete(m.tickets, id)
			expired = append(expired, t)
		}
	}
	formed := m.matchLocked(now)
	m.mu.Unlock()

	for _, t := range expired {
		t.resolve(outcome{err: fmt.Errorf("join %q: %w after %v", t.player.ID, ErrQueueTimeout, m.cfg.MaxWait)})
	}
	m.announce(formed)
}

func (m *Matchmaker) shutdown() {
	m.mu.Lock()
	m.closed = true
	pending := m.tickets
	m.tickets = make(map[string]*ticket)
	m.mu.Unlock()

	for id, t := range pending {
		t.resolve(outcome{err: fmt.Errorf("join %q: %w", id, ErrClosed)})
	}
}

// announce delivers formed matches to their players and to OnMatch.
func (m *Matchmaker) announce(formed []matched) {
	for _, f := range formed {
		for _, t := range f.tickets {
			t.resolve(outcome{match: f.match})
		}
		if m.cfg.OnMatch != nil {
			m.cfg.OnMatch(*f.match)
		}
	}
}
