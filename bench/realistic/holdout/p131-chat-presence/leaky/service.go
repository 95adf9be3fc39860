// Package presence tracks which chat users are online from their clients'
// heartbeats and fans status changes out to connected sessions.
package presence

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Status is a user's presence.
type Status int

// Presence states, in order of decay.
const (
	Offline Status = iota
	Online
	Away
)

func (s Status) String() string {
	switch s {
	case Online:
		return "online"
	case Away:
		return "away"
	default:
		return "offline"
	}
}

// Change describes a user's transition between two states.
type Change struct {
	UserID string
	From   Status
	To     Status
	At     time.Time
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Config tunes presence decay and delivery.
type Config struct {
	// AwayAfter is how long without a heartbeat before a user shows as away.
	AwayAfter time.Duration
	// OfflineAfter is how long without a heartbeat before a user goes offline.
	OfflineAfter time.Duration
	// SweepInterval is how often Run checks for stale users. Defaults to
	// AwayAfter/4.
	SweepInterval time.Duration
	// MailboxLimit bounds each session's undelivered backlog; 0 is unbounded.
	MailboxLimit int
}

// Option customises a Service.
type Option func(*Service)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// WithPanicHandler is called when a subscriber callback panics.
func WithPanicHandler(fn func(session string, v interface{})) Option {
	return func(s *Service) { s.onPanic = fn }
}

type user struct {
	status   Status
	lastSeen time.Time
	sessions map[string]struct{}
}

// Service is the presence tracker.
type Service struct {
	cfg     Config
	clock   Clock
	onPanic func(string, interface{})
	hub     *hub

	mu    sync.Mutex
	users map[string]*user
}

// New returns a Service.
func New(cfg Config, opts ...Option) (*Service, error) {
	if cfg.AwayAfter <= 0 || cfg.OfflineAfter <= cfg.AwayAfter {
		return nil, fmt.Errorf("presence: need 0 < AwayAfter (%v) < OfflineAfter (%v)", cfg.AwayAfter, cfg.OfflineAfter)
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = cfg.AwayAfter / 4
	}
	s := &Service{cfg: cfg, clock: wallClock{}, users: make(map[string]*user)}
	for _, o := range opts {
		o(s)
	}
	s.hub = newHub(cfg.MailboxLimit, s.onPanic)
	return s, nil
}

// Subscribe delivers every future change to fn on a dedicated goroutine.
// Subscribing again with the same session id replaces the earlier
// subscription, which is what a reconnecting client does.
func (s *Service) Subscribe(session string, fn func(Change)) (*Subscription, error) {
	return s.hub.subscribe(session, fn)
}

// Heartbeat records that session of userID is alive.
func (s *Service) Heartbeat(userID, session string) error {
	if userID == "" || session == "" {
		return errors.New("presence: heartbeat needs user and session")
	}
	now := s.clock.Now()
	s.mu.Lock()
	u, ok := s.users[userID]
	if !ok {
		u = &user{sessions: make(map[string]struct{})}
		s.users[userID] = u
	}
	u.sessions[session] = struct{}{}
	u.lastSeen = now
	from := u.status
	u.status = Online
	s.mu.Unlock()

	if from != Online {
		s.hub.publish(Change{UserID: userID, From: from, To: Online, At: now})
	}
	return nil
}

// Disconnect records that session has logged out. The user goes offline
// immediately when it was their last session.
func (s *Service) Disconnect(userID, session string) {
	now := s.clock.Now()
	s.mu.Lock()
	u, ok := s.users[userID]
	if !ok {
		s.mu.Unlock()
		return
	}
	delete(u.sessions, session)
	if len(u.sessions) > 0 || u.status == Offline {
		s.mu.Unlock()
		return
	}
	from := u.status
	delete(s.users, userID)
	s.mu.Unlock()

	s.hub.publish(Change{UserID: userID, From: from, To: Offline, At: now})
}

// Status returns a user's current presence.
func (s *Service) Status(userID string) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[userID]; ok {
		return u.status
	}
	return Offline
}

// Sweep decays users whose heartbeats have stopped and returns the number
// of changes published.
func (s *Service) Sweep() int {
	now := s.clock.Now()
	var changes []Change
	s.mu.Lock()
	for id, u := range s.users {
		idle := now.Sub(u.lastSeen)
		switch {
		case idle >= s.cfg.OfflineAfter:
			changes = append(changes, Change{UserID: id, From: u.status, To: Offline, At: now})
			delete(s.users, id)
		case idle >= s.cfg.AwayAfter && u.status == Online:
			changes = append(changes, Change{UserID: id, From: Online, To: Away, At: now})
			u.status = Away
		}
	}
	s.mu.Unlock()

	for _, c := range changes {
		s.hub.publish(c)
	}
	return len(changes)
}

// Run sweeps every SweepInterval until ctx is done.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(s.cfg.SweepInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			s.Sweep()
		}
	}
}

// Close stops all subscriptions. Changes already queued are still delivered.
func (s *Service) Close() {
	s.hub.close()
}
