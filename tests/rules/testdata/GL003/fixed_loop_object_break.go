package loopobject

type counter struct {
	adds chan int
	quit chan struct{}
}

func newCounter() *counter {
	c := &counter{adds: make(chan int), quit: make(chan struct{})}
	go c.loop()
	return c
}

func (c *counter) loop() {
	n := 0
	for {
		select {
		case <-c.quit:
			return
		case d := <-c.adds:
			n += d
		}
	}
}

func (c *counter) Add(d int) {
	select {
	case c.adds <- d:
	case <-c.quit:
	}
}

func (c *counter) Stop() { close(c.quit) }

// FirstEmpty counts each batch with a counter of its own, and stops at the first
// empty batch, stopping that batch's counter first.
func FirstEmpty(batches [][]int) int {
	first := -1
	for i, batch := range batches {
		w := newCounter()
		if len(batch) == 0 {
			first = i
			w.Stop()
			break
		}
		for _, d := range batch {
			w.Add(d)
		}
		w.Stop()
	}
	return first
}
