package fieldkeepsdraining

// The writer keeps receiving after a failed write, dropping what it gets.
type Copier struct {
	in     chan []byte
	failed bool
	sink   func([]byte) error
}

func NewCopier(src <-chan []byte, sink func([]byte) error) *Copier {
	c := &Copier{in: make(chan []byte), sink: sink}
	go c.read(src)
	go c.write()
	return c
}

func (c *Copier) read(src <-chan []byte) {
	for b := range src {
		c.in <- b
	}
	close(c.in)
}

func (c *Copier) write() {
	for {
		b, ok := <-c.in
		if !ok {
			return
		}
		if c.failed {
			continue
		}
		if err := c.sink(b); err != nil {
			c.failed = true
		}
	}
}
