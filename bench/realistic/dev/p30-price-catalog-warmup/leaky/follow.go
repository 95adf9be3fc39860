package pricing

func (c *Catalog) follow() {
	<-c.ready // leak: Open returned on a failed load without closing ready, and its caller got no Catalog to Close
	changes := c.feed.Changes()
	for {
		select {
		case <-c.stop:
			return
		case ch, ok := <-changes:
			if !ok {
				return
			}
			c.apply(ch)
		}
	}
}

func (c *Catalog) apply(ch Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch.Cents < 0 {
		delete(c.prices, ch.SKU)
	} else {
		c.prices[ch.SKU] = ch.Cents
	}
	c.applied++
}
