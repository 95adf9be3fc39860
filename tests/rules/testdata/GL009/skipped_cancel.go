package skippedcancel

import (
	"context"
	"errors"
	"time"
)

// run: s, _ := Open(func() error { return nil }, func() error { return errors.New("logout refused") }); _ = s.Close()

// errExpired means the server forgot the session.
var errExpired = errors.New("session expired")

// Session keeps a login alive with a heartbeat until it is closed.
type Session struct {
	ping   func() error
	logout func() error
	cancel context.CancelFunc
}

// Open logs in and starts the heartbeat.
func Open(ping, logout func() error) (*Session, error) {
	s := &Session{ping: ping, logout: logout}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go s.heartbeat(ctx)
	return s, nil
}

func (s *Session) heartbeat(ctx context.Context) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select { // want "goroutine `heartbeat` never stops when `Close` returns at line 48: the only way out of its loop is its context's `Done\(\)`, which only `s.cancel\(\)`"
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := s.ping(); errors.Is(err, errExpired) {
			return
		}
	}
}

// Close logs out, then stops the heartbeat.
func (s *Session) Close() error {
	if err := s.logout(); err != nil {
		return err
	}
	s.cancel()
	return nil
}
