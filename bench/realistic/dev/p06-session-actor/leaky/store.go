// Package sessions keeps login sessions in a single goroutine that owns the map.
package sessions

import (
	"context"
	"time"
)

// Session is one logged-in user.
type Session struct {
	User    string
	Expires time.Time
}

type lookup struct {
	token string
	reply chan Session
}

type put struct {
	token string
	s     Session
}

// Store serialises all access through its loop goroutine.
type Store struct {
	lookups chan lookup
	puts    chan put
	quit    chan struct{}
	now     func() time.Time
}

// NewStore starts the owner loop.
func NewStore() *Store {
	s := &Store{
		lookups: make(chan lookup),
		puts:    make(chan put),
		quit:    make(chan struct{}),
		now:     time.Now,
	}
	go s.loop()
	return s
}

func (s *Store) loop() {
	byToken := map[string]Session{}
	for {
		select {
		case p := <-s.puts:
			byToken[p.token] = p.s
		case l := <-s.lookups:
			sess := byToken[l.token]
			if s.now().After(sess.Expires) {
				delete(byToken, l.token)
				sess = Session{}
			}
			l.reply <- sess // leak: the caller may have given up on ctx and gone
		case <-s.quit:
			return
		}
	}
}

// Put stores a session.
func (s *Store) Put(token string, sess Session) {
	s.puts <- put{token, sess}
}

// Get looks a session up, giving up when ctx ends.
func (s *Store) Get(ctx context.Context, token string) (Session, error) {
	l := lookup{token: token, reply: make(chan Session)}
	select {
	case s.lookups <- l:
	case <-ctx.Done():
		return Session{}, ctx.Err()
	}
	select {
	case sess := <-l.reply:
		return sess, nil
	case <-ctx.Done():
		return Session{}, ctx.Err()
	}
}

// Close stops the loop.
func (s *Store) Close() { close(s.quit) }
