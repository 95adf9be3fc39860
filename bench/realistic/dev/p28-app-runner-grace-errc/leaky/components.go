package lifecycle

import (
	"context"
	"time"
)

// Func adapts a function to a Component.
type Func struct {
	Label string
	F     func(ctx context.Context) error
}

func (f Func) Name() string                  { return f.Label }
func (f Func) Run(ctx context.Context) error { return f.F(ctx) }

// Periodic runs a job at a fixed interval until its context ends. A failing job
// is logged and retried at the next tick.
type Periodic struct {
	Label string
	Every time.Duration
	Job   func(ctx context.Context) error
	OnErr func(error)
}

func (p Periodic) Name() string { return p.Label }

func (p Periodic) Run(ctx context.Context) error {
	t := time.NewTicker(p.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := p.Job(ctx); err != nil && p.OnErr != nil {
				p.OnErr(err)
			}
		}
	}
}
