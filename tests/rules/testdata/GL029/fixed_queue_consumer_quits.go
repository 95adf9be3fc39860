package spool

import (
	"errors"
	"sync"
)

// run: _ = Start(1, []string{"a", "b", "c"}, func(string) error { return errRejected })

var errRejected = errors.New("spool: rejected")

// chunks is a bounded FIFO: add waits for room, take makes it.
type chunks struct {
	mu       sync.Mutex
	notFull  *sync.Cond
	notEmpty *sync.Cond
	items    []string
	max      int
	closed   bool
}

func newChunks(max int) *chunks {
	c := &chunks{max: max}
	c.notFull = sync.NewCond(&c.mu)
	c.notEmpty = sync.NewCond(&c.mu)
	return c
}

func (c *chunks) add(item string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.items) >= c.max && !c.closed {
		c.notFull.Wait()
	}
	if c.closed {
		return false
	}
	c.items = append(c.items, item)
	c.notEmpty.Signal()
	return true
}

func (c *chunks) take() (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.items) == 0 && !c.closed {
		c.notEmpty.Wait()
	}
	if len(c.items) == 0 {
		return "", false
	}
	item := c.items[0]
	c.items = c.items[1:]
	c.notFull.Broadcast()
	return item, true
}

func (c *chunks) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.notFull.Broadcast()
	c.notEmpty.Broadcast()
}

// Uploader feeds chunks to a sink in the background.
type Uploader struct {
	queue *chunks
	sink  func(string) error
	sent  int
}

// Start uploads every item through sink.
func Start(buffer int, items []string, sink func(string) error) *Uploader {
	u := &Uploader{queue: newChunks(buffer), sink: sink}
	go u.feed(items)
	go u.drain()
	return u
}

func (u *Uploader) feed(items []string) {
	for _, it := range items {
		if !u.queue.add(it) {
			return
		}
	}
	u.queue.close()
}

func (u *Uploader) drain() {
	defer u.queue.close()
	for {
		item, ok := u.queue.take()
		if !ok {
			return
		}
		if err := u.sink(item); errors.Is(err, errRejected) {
			return
		}
		u.sent++
	}
}
