package stopfield

import "time"

// run: c := NewCounter(); c.Add(2); _ = c.Close()

// Counter sums what it is given and resets itself every tick.
type Counter struct {
	in    chan int
	total int
}

func NewCounter() *Counter {
	c := &Counter{in: make(chan int)}
	go c.loop()
	return c
}

func (c *Counter) loop() {
	t := time.NewTicker(time.Hour)
	for { // want "goroutine `loop` never returns: the `for` at line 21 has no return or break"
		select {
		case v := <-c.in:
			c.total += v
		case <-t.C:
			c.total = 0
		}
	}
}

func (c *Counter) Add(v int) {
	c.in <- v
}

// Close releases the counter.
func (c *Counter) Close() error {
	return nil
}
