package lazyfield

import "sync"

// run: c := Dial("db:5432"); c.AfterClose(func() {}); c.Open(); c.Close()

// Conn is a connection; closed exists once Open has run.
type Conn struct {
	addr   string
	mu     sync.Mutex
	closed chan struct{}
}

func Dial(addr string) *Conn {
	return &Conn{addr: addr}
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
