// Package quotes keeps the latest price of a set of ticker symbols from a
// streaming market-data source. The set can be changed while running: the feed
// then opens a stream for the new set and forwards from it instead.
package quotes

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Quote is one price update.
type Quote struct {
	Symbol string
	Price  float64
	At     time.Time
}

// Source is the market-data service. Stream delivers quotes for symbols until
// ctx ends.
type Source interface {
	Stream(ctx context.Context, symbols []string) (<-chan Quote, error)
}

// ErrNoSymbols is returned when asked to follow nothing.
var ErrNoSymbols = errors.New("quotes: no symbols")

// Feed holds the latest quote per symbol.
type Feed struct {
	src     Source
	onQuote func(Quote)

	mu      sync.Mutex
	symbols []string
	latest  map[string]Quote
	cancel  context.CancelFunc // stops the current stream
	closed  bool
}

// Option configures a Feed.
type Option func(*Feed)

// OnQuote registers a hook called for every quote received.
func OnQuote(fn func(Quote)) Option { return func(f *Feed) { f.onQuote = fn } }

// NewFeed makes a feed that follows nothing yet.
func NewFeed(src Source, opts ...Option) *Feed {
	f := &Feed{src: src, latest: make(map[string]Quote)}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Follow switches the feed to the given symbols.
func (f *Feed) Follow(symbols ...string) error {
	syms, err := normalize(symbols)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := f.src.Stream(ctx, syms)
	if err != nil {
		cancel()
		return fmt.Errorf("quotes: open stream for %s: %w", strings.Join(syms, ","), err)
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		cancel()
		return errors.New("quotes: feed closed")
	}
	if f.cancel != nil {
		f.cancel() // stop forwarding from the previous stream
	}
	f.symbols = syms
	f.cancel = cancel
	go f.forward(ctx, stream)
	return nil
}

func normalize(symbols []string) ([]string, error) {
	seen := make(map[string]bool)
	var out []string
	for _, s := range symbols {
		s = strings.ToUpper(strings.TrimSpace(s))
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, ErrNoSymbols
	}
	sort.Strings(out)
	return out, nil
}

// Latest returns the last quote seen for symbol.
func (f *Feed) Latest(symbol string) (Quote, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q, ok := f.latest[strings.ToUpper(symbol)]
	return q, ok
}

// Close stops the feed.
func (f *Feed) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
}
