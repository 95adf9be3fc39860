// Package proration computes what a customer owes, or is credited, when a
// subscription changes in the middle of a billing period.
package proration

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrBadPeriod is returned when the change date lies outside the period.
var ErrBadPeriod = errors.New("proration: change date outside billing period")

// Item is a plan and how many units of it a subscription has.
type Item struct {
	Plan     string `json:"plan"`
	Quantity int    `json:"quantity"`
}

// Change describes a subscription moving from one set of items to another.
type Change struct {
	From        []Item    `json:"from"`
	To          []Item    `json:"to"`
	PeriodStart time.Time `json:"period_start"`
	PeriodEnd   time.Time `json:"period_end"`
	At          time.Time `json:"at"`
}

// Line is one credit (negative) or charge (positive) on a quote.
type Line struct {
	Plan     string `json:"plan"`
	Quantity int    `json:"quantity"`
	Cents    int64  `json:"cents"`
}

// Quote is the prorated amount due for a change.
type Quote struct {
	Lines      []Line `json:"lines"`
	TotalCents int64  `json:"total_cents"`
}

// Calculator turns subscription changes into quotes.
type Calculator struct {
	book *PriceBook
}

// NewCalculator returns a calculator that prices plans with book.
func NewCalculator(book *PriceBook) *Calculator {
	return &Calculator{book: book}
}

type priced struct {
	idx   int
	price Price
	err   error
}

// Quote prices every item of the change concurrently and prorates it over the
// part of the period that remains.
func (c *Calculator) Quote(ctx context.Context, ch Change) (*Quote, error) {
	if ch.At.Before(ch.PeriodStart) || !ch.At.Before(ch.PeriodEnd) {
		return nil, ErrBadPeriod
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	lines := make([]Line, 0, len(ch.From)+len(ch.To))
	for _, it := range ch.From {
		lines = append(lines, Line{Plan: it.Plan, Quantity: -it.Quantity})
	}
	for _, it := range ch.To {
		lines = append(lines, Line{Plan: it.Plan, Quantity: it.Quantity})
	}

	results := make(chan priced, len(lines))
	for i, l := range lines {
		go func(i int, plan string) {
			p, err := c.book.Price(ctx, plan)
			results <- priced{idx: i, price: p, err: err}
		}(i, l.Plan)
	}

	remaining := ch.PeriodEnd.Sub(ch.At)
	period := ch.PeriodEnd.Sub(ch.PeriodStart)
	q := &Quote{Lines: lines}
	for range lines {
		r := <-results
		if r.err != nil {
			return nil, fmt.Errorf("proration: %w", r.err)
		}
		full := r.price.Cents * int64(lines[r.idx].Quantity)
		q.Lines[r.idx].Cents = prorate(full, remaining, period)
	}
	for _, l := range q.Lines {
		q.TotalCents += l.Cents
	}
	return q, nil
}

// prorate scales a full-period amount to the remaining fraction, rounding
// half away from zero to whole cents.
func prorate(full int64, remaining, period time.Duration) int64 {
	num := full * int64(remaining/time.Second)
	den := int64(period / time.Second)
	if num < 0 {
		return -((-num + den/2) / den)
	}
	return (num + den/2) / den
}
