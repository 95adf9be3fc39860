// Package pricefeed consumes top-of-book quotes from several trading venues,
// normalizes symbols and prices, and publishes a consolidated book.
package pricefeed

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Feed is a connection to one venue's market data.
type Feed interface {
	// Venue returns the venue code, e.g. "XNAS".
	Venue() string
	// Subscribe starts the quote stream for the given venue symbols.
	Subscribe(ctx context.Context, symbols []string) (Subscription, error)
}

// Subscription is a live quote stream.
type Subscription interface {
	// Next blocks until the next quote arrives or ctx is done.
	Next(ctx context.Context) (RawQuote, error)
	Close() error
}

// Publisher receives consolidated snapshots. Slow publishers do not hold up
// the feeds: snapshots are conflated and only the latest is delivered.
type Publisher interface {
	Publish(ctx context.Context, snap Snapshot) error
}

// Config configures a Normalizer.
type Config struct {
	Instruments []Instrument
	Feeds       []Feed
	Publisher   Publisher
	// MaxQuoteAge drops quotes older than this. Zero keeps every quote.
	MaxQuoteAge time.Duration
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// OnError is told about quotes that were dropped and publish failures.
	OnError func(error)
}

// Normalizer merges several venue feeds into one book.
type Normalizer struct {
	cfg     Config
	symbols *symbolTable
	book    *book
}

// New validates cfg and returns a Normalizer.
func New(cfg Config) (*Normalizer, error) {
	if len(cfg.Feeds) == 0 {
		return nil, errors.New("pricefeed: no feeds configured")
	}
	if cfg.Publisher == nil {
		return nil, errors.New("pricefeed: no publisher configured")
	}
	st, err := newSymbolTable(cfg.Instruments)
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OnError == nil {
		cfg.OnError = func(error) {}
	}
	return &Normalizer{cfg: cfg, symbols: st, book: newBook()}, nil
}

// Run subscribes to every venue and publishes the consolidated book until
// ctx is cancelled or a feed fails. It may be called only once.
func (n *Normalizer) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	pubDone := make(chan struct{})
	go func() {
		defer close(pubDone)
		n.publishLoop(ctx)
	}()

	subs := make([]Subscription, 0, len(n.cfg.Feeds))
	for _, f := range n.cfg.Feeds {
		sub, err := f.Subscribe(ctx, n.symbols.symbols(f.Venue()))
		if err != nil {
			closeAll(subs)
			n.book.close()
			<-pubDone
			return fmt.Errorf("pricefeed: subscribe %s: %w", f.Venue(), err)
		}
		subs = append(subs, sub)
	}

	errc := make(chan error, len(subs))
	for i, sub := range subs {
		go func(venue string, sub Subscription) {
			errc <- n.consume(ctx, venue, sub)
		}(n.cfg.Feeds[i].Venue(), sub)
	}

	var firstErr error
	for range subs {
		if err := <-errc; err != nil && firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	closeAll(subs)
	n.book.close()
	<-pubDone
	return firstErr
}

// consume applies quotes from one venue until ctx is done or the
// subscription fails. The venue's levels are removed when it stops.
func (n *Normalizer) consume(ctx context.Context, venue string, sub Subscription) error {
	defer n.book.dropVenue(venue)
	for {
		rq, err := sub.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("pricefeed: venue %s: %w", venue, err)
		}
		q, err := n.symbols.normalize(venue, rq)
		if err != nil {
			n.cfg.OnError(err)
			continue
		}
		if age := n.cfg.Now().Sub(q.Time); n.cfg.MaxQuoteAge > 0 && age > n.cfg.MaxQuoteAge {
			n.cfg.OnError(fmt.Errorf("%w: %s quote is %v old", ErrBadQuote, q.Instrument, age))
			continue
		}
		n.book.apply(q)
	}
}

// publishLoop delivers the latest snapshot whenever the book changes.
func (n *Normalizer) publishLoop(ctx context.Context) {
	var seq uint64
	for {
		snap, ok := n.book.waitNewer(seq)
		if !ok {
			return
		}
		seq = snap.Seq
		if err := n.cfg.Publisher.Publish(ctx, snap); err != nil {
			n.cfg.OnError(fmt.Errorf("pricefeed: publish seq %d: %w", snap.Seq, err))
		}
	}
}

func closeAll(subs []Subscription) {
	for _, s := range subs {
		_ = s.Close()
	}
}
