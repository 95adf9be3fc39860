package fixedlazyfield

// AfterClose runs fn once the connection is closed.
func (c *Conn) AfterClose(fn func()) {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	go func() {
		<-closed
		fn()
	}()
}
