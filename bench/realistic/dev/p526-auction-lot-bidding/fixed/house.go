package auction

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Config holds the house rules for a sale.
type Config struct {
	// Quiet is how long the auctioneer waits after the last bid before the
	// hammer falls.
	Quiet time.Duration
	// MaxLotTime bounds how long a single lot may stay open.
	MaxLotTime time.Duration
	// PremiumBP is the buyer's premium in basis points.
	PremiumBP int64
	Logger    *log.Logger
}

// House runs auction sessions.
type House struct {
	feed   BidFeed
	ledger Ledger
	cfg    Config
	log    *log.Logger
}

// NewHouse validates cfg and returns a House.
func NewHouse(feed BidFeed, ledger Ledger, cfg Config) (*House, error) {
	if feed == nil || ledger == nil {
		return nil, errors.New("auction: feed and ledger are required")
	}
	if cfg.Quiet <= 0 {
		cfg.Quiet = 20 * time.Second
	}
	if cfg.MaxLotTime <= 0 {
		cfg.MaxLotTime = 10 * time.Minute
	}
	if cfg.PremiumBP < 0 || cfg.PremiumBP > 5_000 {
		return nil, fmt.Errorf("auction: buyer's premium %d bp out of range", cfg.PremiumBP)
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	return &House{feed: feed, ledger: ledger, cfg: cfg, log: logger}, nil
}

// Report summarises a session.
type Report struct {
	Sold     []Outcome
	Passed   []Outcome
	Failed   []string
	Turnover int64
}

type lotResult struct {
	lot     Lot
	outcome Outcome
	err     error
}

// RunSession offers all lots concurrently (a timed online sale) and returns
// once every lot has closed. A ledger failure halts the whole session.
func (h *House) RunSession(ctx context.Context, lots []Lot) (*Report, error) {
	seen := make(map[string]bool, len(lots))
	for _, lot := range lots {
		if lot.ID == "" || seen[lot.ID] {
			return nil, fmt.Errorf("auction: missing or duplicate lot id %q", lot.ID)
		}
		seen[lot.ID] = true
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan lotResult, len(lots))
	for _, lot := range lots {
		go h.runLot(ctx, lot, results)
	}

	report := &Report{}
	for range lots {
		var r lotResult
		select {
		case r = <-results:
		case <-ctx.Done():
			return report, ctx.Err()
		}
		if r.err != nil {
			if errors.Is(r.err, ErrLedger) {
				h.log.Printf("auction: halting session: %v", r.err)
				return report, fmt.Errorf("session halted: %w", r.err)
			}
			h.log.Printf("auction: lot %s failed: %v", r.lot.ID, r.err)
			report.Failed = append(report.Failed, r.lot.ID)
			continue
		}
		if r.outcome.Sold {
			report.Sold = append(report.Sold, r.outcome)
			report.Turnover += r.outcome.Total()
		} else {
			report.Passed = append(report.Passed, r.outcome)
		}
	}
	return report, nil
}

func (h *House) runLot(ctx context.Context, lot Lot, results chan<- lotResult) {
	o, err := h.auctionLot(ctx, lot)
	if err == nil && o.Sold {
		if serr := h.ledger.Settle(ctx, o); serr != nil {
			err = fmt.Errorf("%w: lot %s: %v", ErrLedger, lot.ID, serr)
		}
	}
	results <- lotResult{lot: lot, outcome: o, err: err}
}

// auctionLot takes bids for one lot until the feed closes, the quiet period
// expires or the lot reaches its time limit.
func (h *House) auctionLot(ctx context.Context, lot Lot) (Outcome, error) {
	bids, err := h.feed.Subscribe(ctx, lot.ID)
	if err != nil {
		return Outcome{LotID: lot.ID}, fmt.Errorf("subscribe: %w", err)
	}
	b := newBook(lot)

	quiet := time.NewTimer(h.cfg.Quiet)
	defer quiet.Stop()
	deadline := time.NewTimer(h.cfg.MaxLotTime)
	defer deadline.Stop()

	for {
		select {
		case <-ctx.Done():
			return Outcome{LotID: lot.ID}, ctx.Err()
		case <-deadline.C:
			h.log.Printf("auction: lot %s reached its time limit", lot.ID)
			return b.outcome(h.cfg.PremiumBP, time.Now()), nil
		case <-quiet.C:
			return b.outcome(h.cfg.PremiumBP, time.Now()), nil
		case bid, ok := <-bids:
			if !ok {
				return b.outcome(h.cfg.PremiumBP, time.Now()), nil
			}
			if bid.LotID != lot.ID {
				continue
			}
			if err := b.place(bid); err != nil {
				h.log.Printf("auction: lot %s: %s rejected: %v", lot.ID, bid.Bidder, err)
				continue
			}
			if !quiet.Stop() {
				<-quiet.C
			}
			quiet.Reset(h.cfg.Quiet)
		}
	}
}
