package fixedlazyfield

import "sync"


// Conn is a connection; closed exists once Open has run.
type Conn struct {
	addr   string
	mu     sync.Mutex
	closed chan struct{}
}

func Dial(addr string) *Conn {
	c := &Conn{addr: addr}
	c.Open() // made while constructing: never nil afterwards
	return c
}

func (c *Conn) Open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = make(chan struct{})
}

func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed != nil {
		close(c.closed)
	}
}
