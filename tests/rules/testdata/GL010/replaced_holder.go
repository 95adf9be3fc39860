package replacedholder

import (
	"errors"
	"sync"
	"time"
)

// run: c := NewClient("db:5432", time.Millisecond); c.Reconnect(); c.Close(); time.Sleep(100 * time.Millisecond)

// session keeps one connection alive with heartbeats until close.
type session struct {
	addr  string
	every time.Duration
	quit  chan struct{}
	beats int
}

func newSession(addr string, every time.Duration) *session {
	s := &session{addr: addr, every: every, quit: make(chan struct{})}
	go s.heartbeat()
	return s
}

func (s *session) heartbeat() {
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
			s.beats++
		}
	}
}

func (s *session) close() { close(s.quit) }

// Client talks to one server over a session it re-establishes on demand.
type Client struct {
	mu    sync.Mutex
	addr  string
	every time.Duration
	sess  *session
}

// NewClient connects to addr.
func NewClient(addr string, every time.Duration) *Client {
	c := &Client{addr: addr, every: every}
	c.sess = newSession(addr, every)
	return c
}

// Reconnect drops the current session and opens a fresh one.
func (c *Client) Reconnect() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.addr == "" {
		return errors.New("no address")
	}
	c.sess = newSession(c.addr, c.every) // want "the object this store replaces keeps its goroutine `heartbeat` running forever: `Reconnect` puts a new `newSession\\(...\\)` in `c.sess`, which holds one since the object was made"
	return nil
}

// Close ends the client's session.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sess.close()
}
