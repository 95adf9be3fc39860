package feed

import (
	"errors"
	"fmt"
)

// run: _, _ = firstLine([]string{"", "a", "b"})

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

// firstLine reads one line from the first address that answers.
func firstLine(addrs []string) (string, error) {
	var c *conn
	err := errors.New("feed: no addresses")
	for _, a := range addrs {
		c, err = dial(a)
		if err == nil {
			break
		}
	}
	if err != nil {
		return "", err
	}
	defer c.close()
	return <-c.lines, nil
}
