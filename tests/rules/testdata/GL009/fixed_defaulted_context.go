package fixeddefaultedctx

import (
	"context"
	"time"
)

// run: p := NewPoller(func() int { return 1 }); p.Close()

type options struct {
	ctx      context.Context
	interval time.Duration
}

// Option configures a Poller.
type Option func(*options)

// WithContext bounds the poller's life by ctx.
func WithContext(ctx context.Context) Option { return func(o *options) { o.ctx = ctx } }

// Poller derives its own context from the options' one, and Close cancels it.
type Poller struct {
	read   func() int
	opts   options
	cancel context.CancelFunc
	last   int
}

func NewPoller(read func() int, opts ...Option) *Poller {
	o := options{ctx: context.Background(), interval: 10 * time.Millisecond}
	for _, fn := range opts {
		fn(&o)
	}
	var cancel context.CancelFunc
	o.ctx, cancel = context.WithCancel(o.ctx)
	p := &Poller{read: read, opts: o, cancel: cancel}
	go p.poll()
	return p
}

func (p *Poller) poll() {
	t := time.NewTicker(p.opts.interval)
	defer t.Stop()
	for {
		select {
		case <-p.opts.ctx.Done():
			return
		case <-t.C:
		}
		p.last = p.read()
	}
}

func (p *Poller) Close() { p.cancel() }

// Sampler has no default: its caller always hands it the context it lives by.
type Sampler struct {
	ctx context.Context
	n   int
}

func NewSampler(ctx context.Context) *Sampler {
	s := &Sampler{ctx: ctx}
	go s.run()
	return s
}

func (s *Sampler) run() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(time.Millisecond):
			s.n++
		}
	}
}

func (s *Sampler) Close() { s.n = 0 }
