// Package lobby queues players for multiplayer matches, groups them by skill
// rating and hands each formed match to a game server allocated from the
// fleet.
package lobby

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

var (
	// ErrClosed is returned for players that join, or are still waiting,
	// after the lobby has been closed.
	ErrClosed = errors.New("lobby: closed")
	// ErrAlreadyQueued is returned when a player joins twice.
	ErrAlreadyQueued = errors.New("lobby: player already queued")
	// ErrLeft is reported on the ticket of a player who left the queue.
	ErrLeft = errors.New("lobby: player left the queue")
)

// Player is a queued player.
type Player struct {
	ID     string
	Rating int
}

// Server is a game server session allocated for a match.
type Server struct {
	Addr  string
	Token string
}

// Match is a group of players assigned to a game server.
type Match struct {
	ID      string
	Players []Player
	Server  Server
}

// Allocator reserves a game server for a match, e.g. from an Agones fleet.
type Allocator interface {
	Allocate(ctx context.Context, matchID string, players []Player) (Server, error)
}

type options struct {
	matchSize    int
	maxGap       int
	workers      int
	allocTimeout time.Duration
	allocRetries int
	now          func() time.Time
	newID        func() string
	logger       *log.Logger
}

// Option configures a Lobby.
type Option func(*options)

// WithMatchSize sets the number of players per match (default 2).
func WithMatchSize(n int) Option { return func(o *options) { o.matchSize = n } }

// WithMaxRatingGap sets how far apart, in rating points, players of one
// match may be (default 200).
func WithMaxRatingGap(gap int) Option { return func(o *options) { o.maxGap = gap } }

// WithWorkers sets the number of concurrent matchmakers (default 1).
func WithWorkers(n int) Option { return func(o *options) { o.workers = n } }

// WithAllocation sets the timeout of one allocation attempt and how many
// times a failed allocation is retried.
func WithAllocation(timeout time.Duration, retries int) Option {
	return func(o *options) { o.allocTimeout, o.allocRetries = timeout, retries }
}

// WithClock sets the time source.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(o *options) { o.logger = l } }

// Lobby matches queued players. Create it with New; it runs until Close.
type Lobby struct {
	opts  options
	alloc Allocator
	queue *queue

	mu     sync.Mutex
	active map[string]*Ticket

	closeOnce sync.Once
	matched   int64
}

// New starts a lobby that allocates servers with alloc.
func New(alloc Allocator, opts ...Option) *Lobby {
	var seq uint64
	o := options{
		matchSize:    2,
		maxGap:       200,
		workers:      1,
		allocTimeout: 5 * time.Second,
		allocRetries: 2,
		now:          time.Now,
		newID: func() string {
			return "m-" + strconv.FormatUint(atomic.AddUint64(&seq, 1), 10)
		},
		logger: log.New(io.Discard, "", 0),
	}
	for _, opt := range opts {
		opt(&o)
	}
	l := &Lobby{
		opts:   o,
		alloc:  alloc,
		queue:  newQueue(o.maxGap),
		active: make(map[string]*Ticket),
	}
	for i := 0; i < o.workers; i++ {
		go l.matchmaker()
	}
	return l
}

// Ticket tracks one player's place in the queue.
type Ticket struct {
	Player   Player
	queuedAt time.Time

	once  sync.Once
	done  chan struct{}
	match Match
	err   error
}

func (t *Ticket) finish(m Match, err error) {
	t.once.Do(func() {
		t.match, t.err = m, err
		close(t.done)
	})
}

// Done is closed once the ticket has been matched or failed.
func (t *Ticket) Done() <-chan struct{} { return t.done }

// Wait blocks until the player is matched, the ticket fails, or ctx ends.
func (t *Ticket) Wait(ctx context.Context) (Match, error) {
	select {
	case <-t.done:
		return t.match, t.err
	case <-ctx.Done():
		return Match{}, ctx.Err()
	}
}

// Join queues p for a match.
func (l *Lobby) Join(p Player) (*Ticket, error) {
	t := &Ticket{Player: p, queuedAt: l.opts.now(), done: make(chan struct{})}
	l.mu.Lock()
	if _, ok := l.active[p.ID]; ok {
		l.mu.Unlock()
		return nil, fmt.Errorf("join %s: %w", p.ID, ErrAlreadyQueued)
	}
	l.active[p.ID] = t
	l.mu.Unlock()

	if err := l.queue.push(t); err != nil {
		l.forget(t)
		return nil, fmt.Errorf("join %s: %w", p.ID, err)
	}
	return t, nil
}

// Leave removes a waiting player from the queue. It reports false if the
// player is not waiting, for example because a match was already formed.
func (l *Lobby) Leave(playerID string) bool {
	t, ok := l.queue.remove(playerID)
	if !ok {
		return false
	}
	l.forget(t)
	t.finish(Match{}, ErrLeft)
	return true
}

// Matched returns the number of matches handed to game servers so far.
func (l *Lobby) Matched() int64 {
	return atomic.LoadInt64(&l.matched)
}

// Close stops accepting players. Players already queued are still matched
// where possible; the rest are failed with ErrClosed.
func (l *Lobby) Close() error {
	l.closeOnce.Do(l.queue.close)
	return nil
}

func (l *Lobby) matchmaker() {
	for {
		tickets, err := l.queue.next(l.opts.matchSize)
		if err != nil {
			l.fail(l.queue.drain(), err)
			return
		}
		l.dispatch(tickets)
	}
}

// dispatch allocates a server for a formed group and resolves its tickets.
func (l *Lobby) dispatch(tickets []*Ticket) {
	players := make([]Player, len(tickets))
	for i, t := range tickets {
		players[i] = t.Player
	}
	id := l.opts.newID()

	var lastErr error
	for attempt := 0; attempt <= l.opts.allocRetries; attempt++ {
		srv, err := l.allocate(id, players)
		if err == nil {
			m := Match{ID: id, Players: players, Server: srv}
			for _, t := range tickets {
				l.forget(t)
				t.finish(m, nil)
			}
			atomic.AddInt64(&l.matched, 1)
			l.opts.logger.Printf("match %s on %s with %d players, oldest waited %s",
				id, srv.Addr, len(players), l.opts.now().Sub(tickets[0].queuedAt))
			return
		}
		lastErr = err
		l.opts.logger.Printf("match %s: allocation attempt %d: %v", id, attempt+1, err)
	}
	l.fail(tickets, fmt.Errorf("allocate server for match %s: %w", id, lastErr))
}

func (l *Lobby) allocate(id string, players []Player) (Server, error) {
	ctx, cancel := context.WithTimeout(context.Background(), l.opts.allocTimeout)
	defer cancel()
	return l.alloc.Allocate(ctx, id, players)
}

func (l *Lobby) fail(tickets []*Ticket, err error) {
	for _, t := range tickets {
		l.forget(t)
		t.finish(Match{}, err)
	}
}

func (l *Lobby) forget(t *Ticket) {
	l.mu.Lock()
	if l.active[t.Player.ID] == t {
		delete(l.active, t.Player.ID)
	}
	l.mu.Unlock()
}
