package defaultedctx

import (
	"context"
	"sync"
	"time"
)

// run: p := NewPoller(func() int { return 1 }); _ = p.Last(); p.Close()

type options struct {
	ctx      context.Context
	interval time.Duration
}

// Option configures a Poller.
type Option func(*options)

// WithContext bounds the poller's life by ctx.
func WithContext(ctx context.Context) Option { return func(o *options) { o.ctx = ctx } }

// Poller samples a gauge in the background until it is closed.
type Poller struct {
	read func() int
	opts options

	mu   sync.Mutex
	last int
}

func NewPoller(read func() int, opts ...Option) *Poller {
	o := options{ctx: context.Background(), interval: 10 * time.Millisecond}
	for _, fn := range opts {
		fn(&o)
	}
	p := &Poller{read: read, opts: o}
	go p.poll()
	return p
}

func (p *Poller) poll() {
	t := time.NewTicker(p.opts.interval)
	defer t.Stop()
	for {
		select { // want "goroutine `poll` never stops when made with the defaults: its loop ends only when `p.opts.ctx` is done, which is `context.Background\(\)`"
		case <-p.opts.ctx.Done():
			return
		case <-t.C:
		}
		v := p.read()
		p.mu.Lock()
		p.last = v
		p.mu.Unlock()
	}
}

func (p *Poller) Last() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// Close releases the poller.
func (p *Poller) Close() {
	p.mu.Lock()
	p.last = 0
	p.mu.Unlock()
}
