package requestreply

// run: c := NewCounter(); c.Add(2, false); c.Close()

type counter struct {
	deltas chan int
	totals chan int
	total  int
}

// Counter keeps a running total in a background goroutine.
type Counter struct{ c *counter }

func NewCounter() *Counter {
	c := &Counter{c: &counter{deltas: make(chan int), totals: make(chan int)}}
	go c.c.run()
	return c
}

func (c *counter) run() {
	for d := range c.deltas {
		c.total += d
		c.totals <- c.total // want "goroutine `run` blocks forever sending its reply on `totals` when `Add` returns at line 31 after sending a request on `deltas`"
	}
}

// Add adds d; with report it returns the new total.
func (c *Counter) Add(d int, report bool) int {
	c.c.deltas <- d
	if !report {
		return 0
	}
	return <-c.c.totals
}

func (c *Counter) Close() { close(c.c.deltas) }
