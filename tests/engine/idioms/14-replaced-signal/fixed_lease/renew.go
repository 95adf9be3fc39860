package fixed_lease

import "time"

const renewEvery = 5 * time.Millisecond

func (h *Holder) renew(id int, stop <-chan struct{}) {
	t := time.NewTicker(renewEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			_ = h.conn.KeepAlive(id)
		}
	}
}

// flakyConn lapses its first leases at the first write.
type flakyConn struct {
	failures int
	next     int
}

func (c *flakyConn) Grant() (int, error) {
	c.next++
	return c.next, nil
}

func (c *flakyConn) KeepAlive(int) error { return nil }

func (c *flakyConn) Put(int, string, string) error {
	if c.failures > 0 {
		c.failures--
		return ErrExpired
	}
	return nil
}
