// Package auction runs sealed-bid, second-price real-time auctions across a
// set of demand partners under a tight deadline.
package auction

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// ErrNoBidders is returned when an Exchange is built without bidders.
var ErrNoBidders = errors.New("auction: no bidders configured")

// priceIncrement is added to the second price to form the clearing price.
const priceIncrement = 10_000 // 0.01 in micro-units

// Config holds the tunables of an Exchange.
type Config struct {
	// Timeout is how long an auction waits for bids. Defaults to 100ms.
	Timeout time.Duration
	// FailureThreshold is the number of consecutive bidder errors after
	// which the bidder is paused. Zero disables pausing.
	FailureThreshold int
	// Cooldown is how long a failing bidder is paused.
	Cooldown time.Duration
}

// Option customises an Exchange.
type Option func(*Exchange)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(e *Exchange) { e.clock = c } }

// WithMetrics installs a metrics sink.
func WithMetrics(m Metrics) Option { return func(e *Exchange) { e.metrics = m } }

// Exchange runs auctions against a fixed set of bidders.
type Exchange struct {
	cfg     Config
	bidders []Bidder
	clock   Clock
	metrics Metrics
	health  *health
}

// NewExchange builds an Exchange.
func NewExchange(cfg Config, bidders []Bidder, opts ...Option) (*Exchange, error) {
	if len(bidders) == 0 {
		return nil, ErrNoBidders
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 100 * time.Millisecond
	}
	e := &Exchange{
		cfg:     cfg,
		bidders: append([]Bidder(nil), bidders...),
		clock:   realClock{},
		metrics: nopMetrics{},
	}
	for _, o := range opts {
		o(e)
	}
	e.health = newHealth(cfg.FailureThreshold, cfg.Cooldown)
	return e, nil
}

// Result is the outcome of one auction.
type Result struct {
	RequestID string
	Winner    *Bid
	// ClearingMicros is the price the winner pays.
	ClearingMicros int64
	// Bids holds every valid bid at or above the floor, highest first.
	Bids []Bid
	// Late lists bidders that had not answered by the deadline.
	Late []string
	// TimedOut reports whether the deadline ended the auction.
	TimedOut bool
}

type response struct {
	bidderID string
	bid      *Bid
	err      error
	latency  time.Duration
}

// RunAuction sends req to every eligible bidder and picks a winner among the
// bids received before the deadline. A Result with a nil Winner means no bid
// cleared the floor.
func (e *Exchange) RunAuction(ctx context.Context, req BidRequest) (*Result, error) {
	if err := req.validate(); err != nil {
		return nil, fmt.Errorf("auction: invalid request: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	deadline := e.clock.After(e.cfg.Timeout)
	responses := make(chan response, len(e.bidders))
	pending := make(map[string]bool, len(e.bidders))

	var wg sync.WaitGroup
	for _, b := range e.bidders {
		if reason := e.skipReason(b, req); reason != "" {
			e.metrics.ObserveSkip(b.ID(), reason)
			continue
		}
		pending[b.ID()] = true
		wg.Add(1)
		go func(b Bidder) {
			defer wg.Done()
			responses <- e.callBidder(ctx, b, req)
		}(b)
	}
	go func() {
		wg.Wait()
		close(responses)
	}()

	return e.collect(ctx, req, responses, pending, deadline)
}

// skipReason reports why b should not be asked to bid on req, or "" if it
// is eligible.
func (e *Exchange) skipReason(b Bidder, req BidRequest) string {
	if !supports(b, req.Slot.Format) {
		return "format"
	}
	if e.health.paused(b.ID(), e.clock.Now()) {
		return "paused"
	}
	return ""
}

func (e *Exchange) callBidder(ctx context.Context, b Bidder, req BidRequest) response {
	start := e.clock.Now()
	bid, err := b.Bid(ctx, req)
	r := response{bidderID: b.ID(), bid: bid, latency: e.clock.Now().Sub(start)}
	if err != nil {
		r.err = fmt.Errorf("bidder %s: %w", b.ID(), err)
	}
	return r
}

func (e *Exchange) collect(ctx context.Context, req BidRequest, responses <-chan response, pending map[string]bool, deadline <-chan time.Time) (*Result, error) {
	res := &Result{RequestID: req.ID}
	for {
		select {
		case r, ok := <-responses:
			if !ok {
				return e.settle(req, res), nil
			}
			delete(pending, r.bidderID)
			e.record(req, res, r)
		case <-deadline:
			res.TimedOut = true
			for id := range pending {
				res.Late = append(res.Late, id)
			}
			sort.Strings(res.Late)
			return e.settle(req, res), nil
		case <-ctx.Done():
			return nil, fmt.Errorf("auction %s: %w", req.ID, ctx.Err())
		}
	}
}

func (e *Exchange) record(req BidRequest, res *Result, r response) {
	var outcome Outcome
	switch {
	case r.err != nil:
		outcome = OutcomeError
	case r.bid == nil:
		outcome = OutcomeNoBid
	case r.bid.PriceMicros < req.FloorMicros:
		outcome = OutcomeBelowFloor
	default:
		outcome = OutcomeBid
		b := *r.bid
		b.BidderID = r.bidderID
		res.Bids = append(res.Bids, b)
	}
	e.health.record(r.bidderID, r.err == nil, e.clock.Now())
	e.metrics.ObserveResponse(r.bidderID, outcome, r.latency)
}

// settle orders the bids and applies second-price clearing.
func (e *Exchange) settle(req BidRequest, res *Result) *Result {
	if len(res.Bids) == 0 {
		return res
	}
	sort.SliceStable(res.Bids, func(i, j int) bool {
		return res.Bids[i].PriceMicros > res.Bids[j].PriceMicros
	})
	winner := res.Bids[0]
	res.Winner = &winner
	second := req.FloorMicros
	if len(res.Bids) > 1 {
		second = res.Bids[1].PriceMicros
	}
	price := second + priceIncrement
	if price > winner.PriceMicros {
		price = winner.PriceMicros
	}
	res.ClearingMicros = price
	return res
}
