package fixedcancelneverstarted

import (
	"context"
	"sync"
	"time"
)

// Committer commits the last offset every interval, when an interval is set.
type Committer struct {
	every  time.Duration
	commit func()
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewCommitter starts the periodic commit only when every is positive.
func NewCommitter(every time.Duration, commit func()) *Committer {
	c := &Committer{every: every, commit: commit}
	if every > 0 {
		ctx, cancel := context.WithCancel(context.Background())
		c.cancel = cancel
		c.wg.Add(1)
		go c.loop(ctx)
	}
	return c
}

func (c *Committer) loop(ctx context.Context) {
	defer c.wg.Done()
	t := time.NewTicker(c.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.commit()
		}
	}
}

// Stop ends the periodic commit; without an interval none was started.
func (c *Committer) Stop() {
	if c.every <= 0 {
		return
	}
	c.cancel()
	c.wg.Wait()
}
