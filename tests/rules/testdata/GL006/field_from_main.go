package main

// Started from main: the stages live as long as the process.

type Copier struct {
	in   chan []byte
	sink func([]byte) error
}

func main() {
	src := make(chan []byte)
	c := &Copier{in: make(chan []byte), sink: func([]byte) error { return nil }}
	go c.read(src)
	go c.write()
	select {}
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
		if err := c.sink(b); err != nil {
			return
		}
	}
}
