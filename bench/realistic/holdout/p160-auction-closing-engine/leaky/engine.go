package auction

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Settler performs the payment and hand-over for a sold item.
type Settler interface {
	Settle(ctx context.Context, auctionID, winner string, price int64) error
}

// Ticker is the subset of *time.Ticker the engine uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

type systemClock struct{}

type systemTicker struct{ *time.Ticker }

func (t systemTicker) C() <-chan time.Time { return t.Ticker.C }

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return systemTicker{time.NewTicker(d)} }

// Option configures an Engine.
type Option func(*Engine)

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(e *Engine) { e.clock = c } }

// WithSoftClose extends an auction to now+extendBy whenever a bid arrives
// less than window before it closes. A zero window disables extensions.
func WithSoftClose(window, extendBy time.Duration) Option {
	return func(e *Engine) { e.window, e.extendBy = window, extendBy }
}

// WithCheckInterval sets how often the engine looks for closed auctions.
func WithCheckInterval(d time.Duration) Option { return func(e *Engine) { e.interval = d } }

// WithSettleTimeout bounds a single settlement.
func WithSettleTimeout(d time.Duration) Option { return func(e *Engine) { e.settleTimeout = d } }

// WithResultHook registers a function called with the result of every
// closed auction.
func WithResultHook(fn func(Result)) Option { return func(e *Engine) { e.onResult = fn } }

// Engine holds the open auctions and closes them on time.
type Engine struct {
	settler       Settler
	clock         Clock
	interval      time.Duration
	window        time.Duration
	extendBy      time.Duration
	settleTimeout time.Duration
	onResult      func(Result)

	mu       sync.Mutex
	auctions map[string]*auction

	quit      chan struct{}
	closeOnce sync.Once
}

// NewEngine starts an engine that settles sold auctions with settler.
func NewEngine(settler Settler, opts ...Option) *Engine {
	e := &Engine{
		settler:       settler,
		clock:         systemClock{},
		interval:      time.Second,
		window:        2 * time.Minute,
		extendBy:      2 * time.Minute,
		settleTimeout: 30 * time.Second,
		onResult:      func(Result) {},
		auctions:      make(map[string]*auction),
		quit:          make(chan struct{}),
	}
	for _, opt := range opts {
		opt(e)
	}
	go e.loop()
	return e
}

// Open lists a new auction.
func (e *Engine) Open(l Listing) error {
	if l.ID == "" || l.Increment <= 0 || l.StartBid <= 0 {
		return fmt.Errorf("auction: invalid listing %q", l.ID)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.auctions[l.ID]; ok {
		return fmt.Errorf("auction: listing %q already exists", l.ID)
	}
	e.auctions[l.ID] = &auction{Listing: l}
	return nil
}

// PlaceBid places a bid and returns the (possibly extended) closing time.
func (e *Engine) PlaceBid(auctionID, bidder string, amount int64) (time.Time, error) {
	now := e.clock.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	a, ok := e.auctions[auctionID]
	if !ok {
		return time.Time{}, fmt.Errorf("bid on %q: %w", auctionID, ErrUnknownAuction)
	}
	if _, err := a.accept(Bid{Bidder: bidder, Amount: amount, At: now}, now, e.window, e.extendBy); err != nil {
		return a.ClosesAt, fmt.Errorf("bid on %q: %w", auctionID, err)
	}
	return a.ClosesAt, nil
}

// Status returns the state and closing time of an auction.
func (e *Engine) Status(auctionID string) (Status, time.Time, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, ok := e.auctions[auctionID]
	if !ok {
		return 0, time.Time{}, ErrUnknownAuction
	}
	return a.status, a.ClosesAt, nil
}

// Close stops the engine from closing further auctions.
func (e *Engine) Close() {
	e.closeOnce.Do(func() { close(e.quit) })
}

func (e *Engine) loop() {
	t := e.clock.NewTicker(e.interval)
	defer t.Stop()
	for {
		select {
		case <-e.quit:
			return
		case now := <-t.C():
			e.closeDue(now)
		}
	}
}

// collectDue moves every auction whose closing time has passed to
// StatusClosing, so that no more bids are accepted, and returns them.
func (e *Engine) collectDue(now time.Time) []*auction {
	e.mu.Lock()
	defer e.mu.Unlock()
	var due []*auction
	for _, a := range e.auctions {
		if a.status == StatusOpen && !now.Before(a.ClosesAt) {
			a.status = StatusClosing
			due = append(due, a)
		}
	}
	return due
}

// closeDue settles the auctions due at now concurrently and waits for all
// of them, so that a slow payment provider delays the next round instead
// of piling up settlements.
func (e *Engine) closeDue(now time.Time) {
	due := e.collectDue(now)
	var wg sync.WaitGroup
	wg.Add(len(due))
	for _, a := range due {
		if a.leading == nil {
			// Nobody bid: nothing to settle.
			e.finish(a, Result{AuctionID: a.ID, Status: StatusUnsold, ClosedAt: a.ClosesAt})
			continue
		}
		go func(a *auction) {
			defer wg.Done()
			e.finish(a, e.settle(a))
		}(a)
	}
	wg.Wait() // leak: counted auctions without bids are never marked done
}

func (e *Engine) settle(a *auction) Result {
	res := Result{AuctionID: a.ID, ClosedAt: a.ClosesAt}
	if !a.reserveMet() {
		res.Status = StatusUnsold
		return res
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.settleTimeout)
	defer cancel()
	res.Winner, res.Price = a.leading.Bidder, a.leading.Amount
	if err := e.settler.Settle(ctx, a.ID, res.Winner, res.Price); err != nil {
		res.Status = StatusFailed
		res.Err = fmt.Errorf("settle %q: %w", a.ID, err)
		if errors.Is(err, context.DeadlineExceeded) {
			res.Err = fmt.Errorf("settle %q: payment provider timed out: %w", a.ID, err)
		}
		return res
	}
	res.Status = StatusSold
	return res
}

func (e *Engine) finish(a *auction, r Result) {
	e.mu.Lock()
	a.status = r.Status
	e.mu.Unlock()
	e.onResult(r)
}
