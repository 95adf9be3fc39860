package fixedreplacedholderretry

import (
	"errors"
	"time"
)

// session keeps one connection alive with heartbeats until close.
type session struct {
	every time.Duration
	quit  chan struct{}
	beats int
}

func newSession(every time.Duration) *session {
	s := &session{every: every, quit: make(chan struct{})}
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

// Client opens its session with Start, retrying the handshake.
type Client struct {
	every     time.Duration
	handshake func() error
	sess      *session
}

// Start opens the session once the handshake succeeds: the loop stores one session
// and leaves, so it never replaces one.
func (c *Client) Start(attempts int) error {
	for i := 0; i < attempts; i++ {
		if err := c.handshake(); err != nil {
			continue
		}
		c.sess = newSession(c.every)
		return nil
	}
	return errors.New("handshake failed")
}

// Close ends the session.
func (c *Client) Close() {
	if c.sess != nil {
		c.sess.close()
	}
}
