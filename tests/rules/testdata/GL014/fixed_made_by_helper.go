package madebyhelper

// Conn's out queue is made by initialise, which New does not call; but every
// connection Fill uses comes from dial, which initialises it before handing it out.
type Conn struct {
	addr string
	out  chan string
}

func New(addr string) *Conn { return &Conn{addr: addr} }

func (c *Conn) initialise() {
	c.out = make(chan string, 32)
}

func (c *Conn) Run() {
	c.initialise()
	for s := range c.out {
		_ = s
	}
}

func dial(addr string) *Conn {
	c := New(addr)
	c.initialise()
	return c
}

// Fill queues lines on a connection dial made ready: out is never nil here.
func Fill(addr string, lines []string) *Conn {
	c := dial(addr)
	go func() {
		for _, l := range lines {
			c.out <- l
		}
	}()
	return c
}
