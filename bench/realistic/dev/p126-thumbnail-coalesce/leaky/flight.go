package thumb

// call is one in-flight render that later requests for the same key wait on.
type call struct {
	done chan struct{}
	png  []byte
	err  error
}

func newCall() *call { return &call{done: make(chan struct{})} }

// finish publishes png and err to every waiter.
func (c *call) finish() { close(c.done) }

// wait blocks until the leader finishes and returns its result.
func (c *call) wait() ([]byte, error) {
	<-c.done // leak: the leader returns on a Source error without calling finish, so done is never closed
	return c.png, c.err
}
