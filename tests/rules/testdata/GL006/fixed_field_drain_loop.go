package fixedfielddrainloop

// The reader also stops when the writer has quit.
type Copier struct {
	in   chan []byte
	quit chan struct{}
	sink func([]byte) error
}

func NewCopier(src <-chan []byte, sink func([]byte) error) *Copier {
	c := &Copier{in: make(chan []byte), quit: make(chan struct{}), sink: sink}
	go c.read(src)
	go c.write()
	return c
}

func (c *Copier) read(src <-chan []byte) {
	for b := range src {
		select {
		case c.in <- b:
		case <-c.quit:
			return
		}
	}
	close(c.in)
}

func (c *Copier) write() {
	defer close(c.quit)
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
