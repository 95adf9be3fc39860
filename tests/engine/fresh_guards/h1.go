package fp1

import (
	"context"
	"errors"
	"time"
)

// Controller collects shutdown hooks that the framework runs later.
type Controller struct{ hooks []func() error }

func (c *Controller) OnShutdown(f func() error) { c.hooks = append(c.hooks, f) }

type Poller struct{}

func (p *Poller) Run(ctx context.Context) error {
	go func() {
		t := time.NewTimer(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return nil
}

// setup cancels on its error paths and, on success, hands cancel to a
// shutdown hook instead of calling it before returning.
func setup(c *Controller, bad bool) error {
	ctx, cancel := context.WithCancel(context.Background())
	if bad {
		cancel()
		return errors.New("bad config")
	}
	p := &Poller{}
	if err := p.Run(ctx); err != nil {
		cancel()
		return err
	}
	c.OnShutdown(func() error { cancel(); return nil })
	return nil
}
