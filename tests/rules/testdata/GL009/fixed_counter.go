package stopfield

import "time"

// Counter sums what it is given and resets itself every tick.
type Counter struct {
	in    chan int
	total int
	stop  chan struct{}
}

func NewCounter() *Counter {
	c := &Counter{in: make(chan int)}
	c.stop = make(chan struct{})
	go c.loop()
	return c
}

func (c *Counter) loop() {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case v := <-c.in:
			c.total += v
		case <-t.C:
			c.total = 0
		case <-c.stop:
			return
		}
	}
}

func (c *Counter) Add(v int) {
	c.in <- v
}

// Close releases the counter.
func (c *Counter) Close() error {
	close(c.stop)
	return nil
}
