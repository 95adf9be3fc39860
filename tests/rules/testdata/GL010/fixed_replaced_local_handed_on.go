package feed

import (
	"errors"
	"fmt"
)

// run: s := newSubscriber("a"); c, _ := dial("a"); go s.run(c); <-s.turned; close(s.quit); <-s.done

// conn streams numbered lines from one connection until it is closed.
type conn struct {
	lines chan string
	stop  chan struct{}
}

func dial(addr string) (*conn, error) {
	if addr == "" {
		return nil, errors.New("feed: no address")
	}
	c := &conn{lines: make(chan string), stop: make(chan struct{})}
	go c.read()
	return c, nil
}

func (c *conn) read() {
	for i := 0; ; i++ {
		select {
		case c.lines <- fmt.Sprint(i):
		case <-c.stop:
			return
		}
	}
}

func (c *conn) close() { close(c.stop) }

// subscriber takes one line per connection, then dials again, until quit.
type subscriber struct {
	addr   string
	quit   chan struct{}
	done   chan struct{}
	turned chan struct{}
}

func newSubscriber(addr string) *subscriber {
	return &subscriber{
		addr:   addr,
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
		turned: make(chan struct{}, 1),
	}
}

// retire closes a connection once its last line is handled.
func (s *subscriber) retire(c *conn) { c.close() }

func (s *subscriber) run(c *conn) {
	defer close(s.done)
	for {
		select {
		case <-c.lines:
		case <-s.quit:
			c.close()
			return
		}
		s.retire(c)
		next, err := dial(s.addr)
		if err != nil {
			return
		}
		c = next
		select {
		case s.turned <- struct{}{}:
		default:
		}
	}
}
