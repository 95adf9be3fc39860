// Package odds ingests live prices from bookmaker feeds, normalises their
// market names and price formats into a common shape, and publishes price
// changes downstream.
package odds

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"time"
)

// ErrNoFeeds is returned by Run when no feed could be subscribed.
var ErrNoFeeds = errors.New("odds: no bookmaker feed available")

// PriceFormat identifies how a bookmaker quotes prices.
type PriceFormat int

// Supported price formats.
const (
	Decimal    PriceFormat = iota // 2.50
	Fractional                    // 6/4
	American                      // +150, -200
)

// RawQuote is a price exactly as a bookmaker sent it.
type RawQuote struct {
	Bookmaker string
	EventID   string
	Market    string
	Selection string
	Price     string
	Format    PriceFormat
	Suspended bool
	At        time.Time
}

// MarketType is a canonical market name shared across bookmakers.
type MarketType string

// Canonical markets.
const (
	MatchResult  MarketType = "MATCH_RESULT"
	Moneyline    MarketType = "MONEYLINE"
	BothToScore  MarketType = "BTTS"
	TotalGoals25 MarketType = "TOTAL_GOALS_2.5"
)

// PriceChange is published whenever a normalised price moves. Old is zero
// for the first quote of a selection; New is zero when it is suspended.
type PriceChange struct {
	Bookmaker string
	EventID   string
	Market    MarketType
	Selection string
	Old       float64
	New       float64
	At        time.Time
}

// Subscription is a live stream of quotes from one bookmaker.
type Subscription interface {
	// Updates is closed when the bookmaker ends the stream.
	Updates() <-chan RawQuote
	Close() error
}

// Feed connects to one bookmaker.
type Feed interface {
	Name() string
	Subscribe(ctx context.Context, sports []string) (Subscription, error)
}

// Publisher delivers price changes downstream, e.g. to a message bus.
type Publisher interface {
	Publish(ctx context.Context, c PriceChange) error
}

// Config configures an Ingestor.
type Config struct {
	Feeds     []Feed
	Sports    []string
	Publisher Publisher
	// MinMove suppresses changes smaller than this in decimal odds.
	MinMove float64
	// Buffer is the size of the merged quote queue.
	Buffer int
	Logger *log.Logger
}

// Stats counts what an Ingestor has processed.
type Stats struct {
	Quotes    int
	Published int
	Rejected  int
}

// Ingestor merges bookmaker feeds and publishes normalised price changes.
type Ingestor struct {
	cfg Config

	mu    sync.Mutex
	last  map[priceKey]float64
	stats Stats
}

// New validates cfg and returns an Ingestor.
func New(cfg Config) (*Ingestor, error) {
	if len(cfg.Feeds) == 0 {
		return nil, ErrNoFeeds
	}
	if cfg.Publisher == nil {
		return nil, errors.New("odds: publisher is required")
	}
	if cfg.MinMove < 0 {
		return nil, errors.New("odds: MinMove must not be negative")
	}
	if cfg.Buffer <= 0 {
		cfg.Buffer = 1024
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Ingestor{cfg: cfg, last: make(map[priceKey]float64)}, nil
}

// Stats returns a snapshot of the counters.
func (in *Ingestor) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.stats
}
