package configpoll

import "sync"

// notify runs every listener concurrently, so that one slow consumer does
// not hold up the others, and waits for all of them before the next poll so
// that listeners always observe versions in order.
func (c *Client) notify(ls []registered, snap Snapshot) {
	var wg sync.WaitGroup
	wg.Add(len(ls))
	for _, l := range ls {
		go c.deliver(&wg, l, snap)
	}
	wg.Wait() // leak: deliver skips wg.Done when the listener panics
}

// deliver calls one listener. A panicking listener is logged and counted
// rather than allowed to crash the process: configuration updates are
// frequently parsed by application code that was never meant to see the
// value it just received.
func (c *Client) deliver(wg *sync.WaitGroup, l registered, snap Snapshot) {
	defer func() {
		if r := recover(); r != nil {
			c.mu.Lock()
			c.stats.ListenerPanics++
			c.mu.Unlock()
			c.logf("configpoll: listener %d panicked on %s version %d: %v", l.id, snap.Namespace, snap.Version, r)
		}
	}()
	l.fn(snap)
	wg.Done()
}
