package madebyhelpersometimes

// run: _ = Fill("irc:6667", false, []string{"NICK a"})

// Conn's out queue is made by initialise, which dial calls only when asked to.
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

func dial(addr string, ready bool) *Conn {
	c := New(addr)
	if ready {
		c.initialise()
	}
	return c
}

// Fill queues lines on a connection that may not have been initialised.
func Fill(addr string, ready bool, lines []string) *Conn {
	c := dial(addr, ready)
	go func() {
		for _, l := range lines {
			c.out <- l // want "goroutine blocks forever when `Conn.out` is still nil: it is made only by `initialise`, which may not have run"
		}
	}()
	return c
}
