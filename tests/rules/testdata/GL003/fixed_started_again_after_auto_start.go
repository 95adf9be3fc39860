package fixedautostarted

import (
	"context"
	"sync"
	"time"
)

// serviceContext lives as long as the process.
var serviceContext = context.Background()

type options struct{ autoStart bool }

// Option configures a Poller.
type Option func(*options)

// WithAutoStart makes NewPoller start polling at once.
func WithAutoStart() Option { return func(o *options) { o.autoStart = true } }

// Poller polls a gauge until stopped.
type Poller struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	polls  int
}

// NewPoller makes a Poller, started when asked to.
func NewPoller(opts ...Option) (*Poller, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	p := &Poller{}
	if o.autoStart {
		if err := p.Start(serviceContext); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Start polls in the background until Stop.
func (p *Poller) Start(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		return nil // already polling
	}
	ctx, cancel := context.WithCancel(ctx)
	p.cancel = cancel
	go p.poll(ctx)
	return nil
}

func (p *Poller) poll(ctx context.Context) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.mu.Lock()
			p.polls++
			p.mu.Unlock()
		}
	}
}

// Stop ends polling.
func (p *Poller) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
}
