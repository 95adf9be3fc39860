package metrics

import "time"

func (c *Client) run() {
	defer close(c.stopped)
	t := time.NewTicker(c.opts.FlushEvery)
	defer t.Stop()
	for {
		select { // leak: Close returned on its failed final flush before closing stop
		case <-t.C:
			if err := c.flush(); err != nil {
				c.opts.OnError(err)
			}
		case <-c.stop:
			return
		}
	}
}

// flush sends the buffered points; on failure they go back to wait for the next try.
func (c *Client) flush() error {
	c.mu.Lock()
	batch := c.pending
	c.pending = nil
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	if err := c.sink.Write(batch); err != nil {
		c.mu.Lock()
		c.pending = append(batch, c.pending...)
		c.mu.Unlock()
		return err
	}
	return nil
}
