package feedpoller

import (
	"context"
	"errors"
	"sync"
)

// run: p := NewPoller(func(context.Context) (string, error) { return "", errFeed }, 2); go func() { _, _ = p.Next(0) }(); for p.Readers() == 0 { }; _ = p.Run(context.Background())

var (
	errFeed    = errors.New("feed unavailable")
	ErrStopped = errors.New("poller stopped")
)

// Poller fetches a feed until it fails too often; readers wait for each new item.
type Poller struct {
	mu         sync.Mutex
	cond       *sync.Cond
	items      []string
	err        error
	readers    int
	maxFailure int
	fetch      func(context.Context) (string, error)
}

func NewPoller(fetch func(context.Context) (string, error), maxFailure int) *Poller {
	p := &Poller{fetch: fetch, maxFailure: maxFailure}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Run fetches until the context ends or the feed fails maxFailure times in a row.
func (p *Poller) Run(ctx context.Context) error {
	failures := 0
	for {
		item, err := p.fetch(ctx)
		switch {
		case err == nil:
			failures = 0
			p.add(item)
		case ctx.Err() != nil:
			p.stop(ErrStopped)
			return ctx.Err()
		default:
			failures++
			if failures >= p.maxFailure {
				p.mu.Lock()
				p.err = err
				p.mu.Unlock()
				return err
			}
		}
		if ctx.Err() != nil {
			p.stop(ErrStopped)
			return ctx.Err()
		}
	}
}

func (p *Poller) add(item string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.items = append(p.items, item)
	p.cond.Broadcast()
}

func (p *Poller) stop(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = err
	}
	p.cond.Broadcast()
}

// Readers reports how many readers are waiting.
func (p *Poller) Readers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.readers
}

// Next waits for the item at index i, or for the poller to stop.
func (p *Poller) Next(i int) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.readers++
	for i >= len(p.items) && p.err == nil {
		p.cond.Wait() // want "`p.cond.Wait\(\)` may never return: `Run` changes `p.err`, which this loop waits on, by hand when `failures >= p.maxFailure` and returns without waking the waiters; on its other path it calls `p.stop\(\)`"
	}
	p.readers--
	if i < len(p.items) {
		return p.items[i], nil
	}
	return "", p.err
}
