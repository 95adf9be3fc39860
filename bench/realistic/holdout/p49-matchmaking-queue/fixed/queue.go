// Package matchmaking pairs waiting players whose ratings are close enough to
// make a fair game, and reserves a game server for every pair it forms.
package matchmaking

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by Join once the queue has been shut down.
var ErrClosed = errors.New("matchmaking: queue closed")

// Player is someone looking for a game.
type Player struct {
	ID     string
	Rating int
}

// Match is a pairing produced by the queue, with the server it will be played on.
type Match struct {
	ID     int
	Home   Player
	Away   Player
	Server string
}

// Allocator reserves a game server for a match and returns its address.
type Allocator func(ctx context.Context, m Match) (string, error)

// Option configures a Queue.
type Option func(*Queue)

// WithMaxGap sets the largest rating difference accepted for a fresh ticket.
func WithMaxGap(gap int) Option { return func(q *Queue) { q.maxGap = gap } }

// WithWidening relaxes the allowed gap by step for every period a ticket has waited.
func WithWidening(step int, period time.Duration) Option {
	return func(q *Queue) { q.widenStep, q.widenEvery = step, period }
}

// WithTick sets how often the queue tries to form matches.
func WithTick(d time.Duration) Option { return func(q *Queue) { q.tick = d } }

// WithAllocator sets how game servers are reserved.
func WithAllocator(a Allocator) Option { return func(q *Queue) { q.allocate = a } }

// Queue collects tickets and pairs them in the background.
type Queue struct {
	maxGap     int
	widenStep  int
	widenEvery time.Duration
	tick       time.Duration
	allocate   Allocator

	join      chan *ticket
	leave     chan *ticket
	done      chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup
}

type outcome struct {
	match Match
	err   error
}

type ticket struct {
	player   Player
	enqueued time.Time
	result   chan outcome
}

// New starts a matchmaking queue.
func New(opts ...Option) *Queue {
	q := &Queue{
		maxGap:     100,
		widenStep:  50,
		widenEvery: 10 * time.Second,
		tick:       time.Second,
		allocate:   func(context.Context, Match) (string, error) { return "local", nil },
		join:       make(chan *ticket),
		leave:      make(chan *ticket),
		done:       make(chan struct{}),
	}
	for _, o := range opts {
		o(q)
	}
	q.wg.Add(1)
	go q.run()
	return q
}

// Join enqueues p and waits until it has been matched, ctx ends or the queue closes.
func (q *Queue) Join(ctx context.Context, p Player) (Match, error) {
	t := &ticket{player: p, enqueued: time.Now(), result: make(chan outcome, 1)}
	select {
	case q.join <- t:
	case <-q.done:
		return Match{}, ErrClosed
	case <-ctx.Done():
		return Match{}, ctx.Err()
	}
	select {
	case o := <-t.result:
		if o.err != nil {
			return Match{}, fmt.Errorf("matchmaking: %s: %w", p.ID, o.err)
		}
		return o.match, nil
	case <-ctx.Done():
		q.withdraw(t)
		return Match{}, fmt.Errorf("matchmaking: %s stopped waiting: %w", p.ID, ctx.Err())
	case <-q.done:
		return Match{}, ErrClosed
	}
}

func (q *Queue) withdraw(t *ticket) {
	select {
	case q.leave <- t:
	case <-q.done:
	}
}

// Close stops forming matches. Players still waiting get ErrClosed.
func (q *Queue) Close() {
	q.closeOnce.Do(func() { close(q.done) })
	q.wg.Wait()
}
