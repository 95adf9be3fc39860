package lazyfield

// AfterClose runs fn once the connection is closed.
func (c *Conn) AfterClose(fn func()) {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	go func() {
		<-closed // want "goroutine blocks forever when `Conn.closed` is still nil: it is made only by `Open`, which may not have run"
		fn()
	}()
}
