package tally

import (
	"fmt"
	"io"
)

// run: _ = Greet("", io.Discard)

// Counter counts the bytes written to it in a goroutine of its own.
type Counter struct {
	in   chan int
	quit chan struct{}
	n    int
}

// NewCounter starts the counting goroutine.
func NewCounter() (*Counter, error) {
	c := &Counter{in: make(chan int), quit: make(chan struct{})}
	go c.count()
	return c, nil
}

func (c *Counter) count() {
	for {
		select {
		case n := <-c.in:
			c.n += n
		case <-c.quit:
			return
		}
	}
}

// Write counts p.
func (c *Counter) Write(p []byte) (int, error) {
	c.in <- len(p)
	return len(p), nil
}

// Close stops counting.
func (c *Counter) Close() error {
	close(c.quit)
	return nil
}

// Greet writes a greeting for name to out, counting its bytes.
func Greet(name string, out io.Writer) (err error) {
	c, err := NewCounter()
	if err != nil {
		return err
	}
	w := io.MultiWriter(out, c)
	defer func() {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = fmt.Fprintf(w, "hello %s\n", name)
	return err
}
