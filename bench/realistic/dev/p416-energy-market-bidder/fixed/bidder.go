// Package bidder places day-ahead bids for a retail electricity supplier.
// It turns a load forecast into hourly bids on a power exchange, keeps track
// of the resulting orders and cancels orders that have gone stale.
package bidder

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// Errors reported by an Exchange. Implementations wrap them.
var (
	// ErrSessionExpired means the trading session must be re-established;
	// every request on it fails until then.
	ErrSessionExpired = errors.New("exchange: session expired")
	// ErrOrderNotFound means the order is no longer on the book.
	ErrOrderNotFound = errors.New("exchange: order not found")
	// ErrPriceOutOfBounds means the exchange rejected a bid's price.
	ErrPriceOutOfBounds = errors.New("exchange: price out of bounds")
)

// Interval is the forecast consumption for one delivery hour.
type Interval struct {
	Start  time.Time
	LoadMW float64
}

// Forecaster predicts customer load.
type Forecaster interface {
	LoadForecast(ctx context.Context, area string, day time.Time) ([]Interval, error)
}

// Bid is a buy order for one delivery hour.
type Bid struct {
	Area          string
	DeliveryStart time.Time
	VolumeMW      float64
	LimitEURMWh   float64
	ClientRef     string
}

// Order is a bid accepted by the exchange.
type Order struct {
	ID       string
	Bid      Bid
	PlacedAt time.Time
}

// Exchange is the power exchange trading API.
type Exchange interface {
	SubmitBid(ctx context.Context, b Bid) (orderID string, err error)
	CancelOrder(ctx context.Context, orderID string) error
}

// Clock is the source of the current time.
type Clock interface {
	Now() time.Time
}

// Config configures a Bidder.
type Config struct {
	Area string
	// HedgeRatio is the share of forecast load bought day-ahead.
	HedgeRatio float64
	// BasePrice and PeakPremium give the limit price: BasePrice off-peak,
	// BasePrice+PeakPremium from 08:00 to 20:00.
	BasePrice, PeakPremium float64
	// MinVolumeMW is the exchange's minimum order size; smaller bids are
	// not placed.
	MinVolumeMW float64
	// Concurrency is the number of bids submitted in parallel.
	Concurrency int
	// MaxOrderAge is how long an unfilled order may rest on the book.
	MaxOrderAge time.Duration
}

// Bidder places and manages bids.
type Bidder struct {
	cfg      Config
	forecast Forecaster
	exchange Exchange
	clock    Clock

	mu     sync.Mutex
	orders map[string]Order
}

// New returns a Bidder.
func New(cfg Config, f Forecaster, x Exchange, c Clock) (*Bidder, error) {
	if cfg.Area == "" || cfg.HedgeRatio <= 0 || cfg.HedgeRatio > 1 {
		return nil, fmt.Errorf("bidder: invalid config for area %q", cfg.Area)
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.MaxOrderAge <= 0 {
		cfg.MaxOrderAge = 30 * time.Minute
	}
	return &Bidder{cfg: cfg, forecast: f, exchange: x, clock: c, orders: make(map[string]Order)}, nil
}

// Report summarises one auction run.
type Report struct {
	Placed   int
	Rejected int
	VolumeMW float64
}

// RunAuction fetches the load forecast for day and bids for every hour.
func (b *Bidder) RunAuction(ctx context.Context, day time.Time) (Report, error) {
	intervals, err := b.forecast.LoadForecast(ctx, b.cfg.Area, day)
	if err != nil {
		return Report{}, fmt.Errorf("forecast %s %s: %w", b.cfg.Area, day.Format("2006-01-02"), err)
	}
	bids := b.buildBids(intervals)
	if len(bids) == 0 {
		return Report{}, nil
	}
	results, err := b.submitAll(ctx, bids)
	if err != nil {
		return Report{}, fmt.Errorf("auction %s: %w", day.Format("2006-01-02"), err)
	}
	var rep Report
	now := b.clock.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range results {
		if r.err != nil {
			rep.Rejected++
			continue
		}
		b.orders[r.orderID] = Order{ID: r.orderID, Bid: r.bid, PlacedAt: now}
		rep.Placed++
		rep.VolumeMW += r.bid.VolumeMW
	}
	return rep, nil
}

func (b *Bidder) buildBids(intervals []Interval) []Bid {
	bids := make([]Bid, 0, len(intervals))
	for _, iv := range intervals {
		vol := math.Round(iv.LoadMW*b.cfg.HedgeRatio*10) / 10
		if vol < b.cfg.MinVolumeMW {
			continue
		}
		price := b.cfg.BasePrice
		if h := iv.Start.Hour(); h >= 8 && h < 20 {
			price += b.cfg.PeakPremium
		}
		bids = append(bids, Bid{
			Area:          b.cfg.Area,
			DeliveryStart: iv.Start,
			VolumeMW:      vol,
			LimitEURMWh:   price,
			ClientRef:     fmt.Sprintf("%s-%s", b.cfg.Area, iv.Start.UTC().Format("20060102T15")),
		})
	}
	return bids
}

// Orders returns the orders currently tracked.
func (b *Bidder) Orders() []Order {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Order, 0, len(b.orders))
	for _, o := range b.orders {
		out = append(out, o)
	}
	return out
}

// CancelStale cancels orders older than MaxOrderAge. Orders the exchange no
// longer knows are forgotten. It returns the number of orders cancelled.
func (b *Bidder) CancelStale(ctx context.Context) (int, error) {
	cutoff := b.clock.Now().Add(-b.cfg.MaxOrderAge)
	b.mu.Lock()
	var stale []Order
	for _, o := range b.orders {
		if o.PlacedAt.Before(cutoff) {
			stale = append(stale, o)
		}
	}
	b.mu.Unlock()

	cancelled := 0
	var firstErr error
	for _, o := range stale {
		err := b.exchange.CancelOrder(ctx, o.ID)
		switch {
		case err == nil:
			cancelled++
		case errors.Is(err, ErrOrderNotFound):
		default:
			if firstErr == nil {
				firstErr = fmt.Errorf("cancel order %s: %w", o.ID, err)
			}
			continue
		}
		b.mu.Lock()
		delete(b.orders, o.ID)
		b.mu.Unlock()
	}
	return cancelled, firstErr
}
