package fixedreplacedholderconnectondemand

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

// Client connects on its first send.
type Client struct {
	every time.Duration
	sess  *session
	sent  int
}

// Send connects first if the client has no session yet.
func (c *Client) Send(msg string) error {
	if c.sess == nil {
		if err := c.connect(); err != nil {
			return err
		}
	}
	if msg == "" {
		return errors.New("empty message")
	}
	c.sent++
	return nil
}

// connect is called only while the client has no session.
func (c *Client) connect() error {
	if c.every <= 0 {
		return errors.New("no heartbeat interval")
	}
	c.sess = newSession(c.every)
	return nil
}

// Close ends the session, if any.
func (c *Client) Close() {
	if c.sess != nil {
		c.sess.close()
	}
}

// Mirror is another holder of a session field, filled by its constructor: a field of
// the same name in another type says nothing about what a Client holds.
type Mirror struct {
	sess *session
}

// NewMirror opens the mirror's session.
func NewMirror(every time.Duration) *Mirror {
	m := &Mirror{}
	m.sess = newSession(every)
	return m
}
