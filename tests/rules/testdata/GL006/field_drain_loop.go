package fielddrainloop

// The consumer drains with `v, ok := <-c.in` in an endless loop: `!ok` is its normal
// end, the failed write an early one.
type Copier struct {
	in   chan []byte
	sink func([]byte) error
}

func NewCopier(src <-chan []byte, sink func([]byte) error) *Copier {
	c := &Copier{in: make(chan []byte), sink: sink}
	go c.read(src)
	go c.write()
	return c
}

func (c *Copier) read(src <-chan []byte) {
	for b := range src {
		c.in <- b // want "goroutine `read` blocks forever sending on `c.in` once goroutine `write` stops consuming at line 31"
	}
	close(c.in)
}

func (c *Copier) write() {
	for {
		b, ok := <-c.in
		if !ok {
			return
		}
		if err := c.sink(b); err != nil {
			return
		}
	}
}
