package fixedrequestreply

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
		c.totals <- c.total
	}
}

// Add adds d; with report it returns the new total. The reply is always taken.
func (c *Counter) Add(d int, report bool) int {
	c.c.deltas <- d
	total := <-c.c.totals
	if !report {
		return 0
	}
	return total
}

func (c *Counter) Close() { close(c.c.deltas) }
