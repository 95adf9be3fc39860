package quotes

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Feed is a source of quotes from one venue.
type Feed interface {
	// Name identifies the venue, for example "XNAS".
	Name() string
	// Subscribe starts streaming quotes for symbols. The channel is closed
	// when the feed ends; the feed stops when ctx is done.
	Subscribe(ctx context.Context, symbols []string) (<-chan Quote, error)
}

// Publisher distributes snapshots to downstream consumers.
type Publisher interface {
	Publish(ctx context.Context, s Snapshot) error
}

// Ticker is the part of *time.Ticker the aggregator uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time so that publishing can be driven by tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

type realClock struct{}

type realTicker struct{ t *time.Ticker }

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

func (t realTicker) C() <-chan time.Time { return t.t.C }

func (t realTicker) Stop() { t.t.Stop() }

// Config configures an Aggregator.
type Config struct {
	Symbols   []string
	Feeds     []Feed
	Publisher Publisher

	// Interval between snapshots; defaults to one second. A snapshot is only
	// published if some quote changed since the previous one.
	Interval time.Duration
	// StaleAfter excludes quotes not updated for this long from the NBBO.
	// Zero keeps quotes forever.
	StaleAfter time.Duration
	// MaxSpreadBps drops quotes whose spread is wider than this many basis
	// points of the mid price, and removes that venue from the book until it
	// quotes tighter again. Zero disables the check.
	MaxSpreadBps int64
	// Clock defaults to the system clock.
	Clock Clock
	// OnReject, if set, is called for every quote that is not applied.
	OnReject func(venue string, q Quote, err error)
}

// Aggregator consolidates quotes from several feeds.
type Aggregator struct {
	cfg      Config
	rejected uint64 // atomic

	mu    sync.Mutex
	books map[string]map[string]Quote // symbol -> venue -> quote
	dirty bool
	seq   uint64
}

// New validates cfg and returns an Aggregator.
func New(cfg Config) (*Aggregator, error) {
	if len(cfg.Symbols) == 0 {
		return nil, errors.New("quotes: no symbols configured")
	}
	if len(cfg.Feeds) == 0 {
		return nil, errors.New("quotes: no feeds configured")
	}
	if cfg.Publisher == nil {
		return nil, errors.New("quotes: no publisher configured")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	a := &Aggregator{cfg: cfg, books: make(map[string]map[string]Quote, len(cfg.Symbols))}
	for _, s := range cfg.Symbols {
		a.books[s] = make(map[string]Quote)
	}
	return a, nil
}

// Rejected returns the number of quotes that were not applied.
func (a *Aggregator) Rejected() uint64 { return atomic.LoadUint64(&a.rejected) }

// Run subscribes to every feed and publishes a snapshot each Interval until
// ctx is done. A failing publish is retried on the next tick.
func (a *Aggregator) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	for _, f := range a.cfg.Feeds {
		ch, err := f.Subscribe(ctx, a.cfg.Symbols)
		if err != nil {
			return fmt.Errorf("quotes: subscribe to %s: %w", f.Name(), err)
		}
		go a.consume(ctx, f.Name(), ch)
	}

	ticker := a.cfg.Clock.NewTicker(a.cfg.Interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C():
		}
		snap, ok := a.snapshot()
		if !ok {
			continue
		}
		if err := a.cfg.Publisher.Publish(ctx, snap); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			a.mu.Lock()
			a.dirty = true
			a.mu.Unlock()
		}
	}
}

// consume applies the quotes of one venue until its feed ends.
func (a *Aggregator) consume(ctx context.Context, venue string, quotes <-chan Quote) {
	for {
		select {
		case <-ctx.Done():
			return
		case q, ok := <-quotes:
			if !ok {
				return // the venue's quotes age out through StaleAfter
			}
			if err := a.apply(venue, q); err != nil {
				atomic.AddUint64(&a.rejected, 1)
				if a.cfg.OnReject != nil {
					a.cfg.OnReject(venue, q, err)
				}
			}
		}
	}
}

// apply updates the book with q. A single bad quote must not stop the feed,
// so a panic while applying it is reported as an error instead.
func (a *Aggregator) apply(venue string, q Quote) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s from %s: %v", ErrBadQuote, q.Symbol, venue, r)
		}
	}()
	if err := q.validate(); err != nil {
		return err
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	book, ok := a.books[q.Symbol]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownSymbol, q.Symbol)
	}
	if prev, ok := book[venue]; ok && q.Time.Before(prev.Time) {
		return fmt.Errorf("%w: %s from %s at %s", ErrOutOfOrder, q.Symbol, venue, q.Time.Format(time.RFC3339Nano))
	}
	if a.cfg.MaxSpreadBps > 0 && q.spreadBps() > a.cfg.MaxSpreadBps {
		if _, ok := book[venue]; ok {
			delete(book, venue)
			a.dirty = true
		}
		return fmt.Errorf("%w: %s from %s", ErrWideSpread, q.Symbol, venue)
	}
	book[venue] = q
	a.dirty = true
	return nil
}

// snapshot returns the current consolidated book, and false if nothing
// changed since the last snapshot.
func (a *Aggregator) snapshot() (Snapshot, bool) {
	now := a.cfg.Clock.Now()
	var cutoff time.Time
	if a.cfg.StaleAfter > 0 {
		cutoff = now.Add(-a.cfg.StaleAfter)
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.dirty {
		return Snapshot{}, false
	}
	a.dirty = false
	a.seq++
	snap := Snapshot{Seq: a.seq, Time: now, Quotes: make(map[string]NBBO, len(a.books))}
	for symbol, venues := range a.books {
		snap.Quotes[symbol] = consolidate(symbol, venues, cutoff)
	}
	return snap, true
}
