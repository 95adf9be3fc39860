// Package lobby groups players waiting for a game into matches of a fixed
// size, pairing players whose skill ratings are close to each other.
package lobby

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by Join once the lobby has been shut down.
var ErrClosed = errors.New("lobby: closed")

// Player is someone asking to be matched.
type Player struct {
	ID     string
	Rating int
}

// Match is a group of players that will play together.
type Match struct {
	ID      string
	Players []Player
	Formed  time.Time
}

// Option configures a Lobby.
type Option func(*Lobby)

// WithMatchSize sets how many players make up one match.
func WithMatchSize(n int) Option {
	return func(l *Lobby) {
		if n > 1 {
			l.size = n
		}
	}
}

// WithRatingSpread sets the largest rating difference allowed inside a match.
func WithRatingSpread(d int) Option {
	return func(l *Lobby) { l.spread = d }
}

type ticket struct {
	player Player
	queued time.Time
	result chan Match
}

// Lobby is a matchmaker. Its zero value is not usable; call New.
type Lobby struct {
	size   int
	spread int

	queue   chan *ticket
	done    chan struct{}
	closing sync.Once

	// owned by the matcher goroutine
	waiting []*ticket
	seq     int
}

// New starts a lobby.
func New(opts ...Option) *Lobby {
	l := &Lobby{
		size:   4,
		spread: 200,
		queue:  make(chan *ticket),
		done:   make(chan struct{}),
	}
	for _, o := range opts {
		o(l)
	}
	go l.run()
	return l
}

// Join queues p and waits until a match including p is formed, ctx is done,
// or the lobby is closed.
func (l *Lobby) Join(ctx context.Context, p Player) (Match, error) {
	t := &ticket{player: p, queued: time.Now(), result: make(chan Match)}
	select {
	case l.queue <- t:
	case <-ctx.Done():
		return Match{}, fmt.Errorf("lobby: queue %s: %w", p.ID, ctx.Err())
	case <-l.done:
		return Match{}, ErrClosed
	}
	select {
	case m := <-t.result:
		return m, nil
	case <-ctx.Done():
		return Match{}, fmt.Errorf("lobby: waiting for match for %s: %w", p.ID, ctx.Err())
	case <-l.done:
		return Match{}, ErrClosed
	}
}

// Close stops matchmaking. Players still waiting get ErrClosed.
func (l *Lobby) Close() {
	l.closing.Do(func() { close(l.done) })
}
