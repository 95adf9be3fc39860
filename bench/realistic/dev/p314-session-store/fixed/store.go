// Package session implements a server-side HTTP session store with sliding
// expiry. Sessions live in memory; changes are written behind to a durable
// Persister by a background writer, and a janitor evicts idle sessions.
package session

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrNotFound is returned for unknown or expired sessions.
	ErrNotFound = errors.New("session: not found")
	// ErrClosed is returned by operations on a closed Store.
	ErrClosed = errors.New("session: store closed")
)

// Session is a snapshot of one session's state.
type Session struct {
	ID        string
	Values    map[string]string
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (s Session) clone() Session {
	vals := make(map[string]string, len(s.Values))
	for k, v := range s.Values {
		vals[k] = v
	}
	s.Values = vals
	return s
}

// Persister is the durable backend sessions are written behind to.
type Persister interface {
	// Load returns ErrNotFound if id is unknown.
	Load(ctx context.Context, id string) (Session, error)
	Save(ctx context.Context, sessions []Session) error
	Delete(ctx context.Context, ids []string) error
}

// Clock abstracts time for expiry and the janitor schedule.
type Clock interface {
	Now() time.Time
	Tick(d time.Duration) (c <-chan time.Time, stop func())
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) Tick(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// Config configures a Store. Zero values select the documented defaults.
type Config struct {
	TTL             time.Duration // idle lifetime, extended on every access; default 30m
	JanitorInterval time.Duration // default TTL/4
	Persister       Persister     // nil keeps sessions in memory only
	Clock           Clock         // default wall clock
	OnError         func(error)   // background write failures; default ignore
}

// Store holds sessions. It is safe for concurrent use.
type Store struct {
	cfg Config

	mu       sync.Mutex
	cond     *sync.Cond // signalled when pending work appears or the writer must stop
	sessions map[string]*Session
	dirty    map[string]struct{} // ids to save
	deleted  map[string]struct{} // ids to delete from the backend
	closed   bool                // no new operations accepted
	stopping bool                // writer should exit

	stopJanitor chan struct{}
	janitorDone chan struct{}
	writerDone  chan struct{}
}

// New creates a Store and starts its background goroutines.
func New(cfg Config) (*Store, error) {
	if cfg.TTL < 0 || cfg.JanitorInterval < 0 {
		return nil, fmt.Errorf("session: negative durations in config")
	}
	if cfg.TTL == 0 {
		cfg.TTL = 30 * time.Minute
	}
	if cfg.JanitorInterval == 0 {
		cfg.JanitorInterval = cfg.TTL / 4
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.OnError == nil {
		cfg.OnError = func(error) {}
	}
	s := &Store{
		cfg:         cfg,
		sessions:    make(map[string]*Session),
		dirty:       make(map[string]struct{}),
		deleted:     make(map[string]struct{}),
		stopJanitor: make(chan struct{}),
		janitorDone: make(chan struct{}),
		writerDone:  make(chan struct{}),
	}
	s.cond = sync.NewCond(&s.mu)
	go s.janitor()
	if cfg.Persister != nil {
		go s.writeBehind()
	} else {
		close(s.writerDone)
	}
	return s, nil
}

func newID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("session: generating id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// markDirtyLocked queues id for the writer. s.mu must be held.
func (s *Store) markDirtyLocked(id string) {
	if s.cfg.Persister == nil {
		return
	}
	s.dirty[id] = struct{}{}
	s.cond.Signal()
}

// Create starts a new session holding values.
func (s *Store) Create(values map[string]string) (Session, error) {
	id, err := newID()
	if err != nil {
		return Session{}, err
	}
	now := s.cfg.Clock.Now()
	sess := Session{ID: id, Values: values, CreatedAt: now, ExpiresAt: now.Add(s.cfg.TTL)}.clone()

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Session{}, ErrClosed
	}
	s.sessions[id] = &sess
	s.markDirtyLocked(id)
	return sess.clone(), nil
}

// Get returns the session and slides its expiry forward. Sessions not in
// memory are loaded from the Persister.
func (s *Store) Get(ctx context.Context, id string) (Session, error) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Session{}, ErrClosed
	}
	sess, ok := s.sessions[id]
	s.mu.Unlock()

	if !ok {
		if s.cfg.Persister == nil {
			return Session{}, ErrNotFound
		}
		loaded, err := s.cfg.Persister.Load(ctx, id)
		if err != nil {
			return Session{}, fmt.Errorf("session: load %s: %w", id, err)
		}
		sess = &loaded
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if !now.Before(sess.ExpiresAt) {
		s.removeLocked(id)
		return Session{}, ErrNotFound
	}
	if cur, ok := s.sessions[id]; ok {
		sess = cur // a concurrent Get may have loaded it first
	}
	sess.ExpiresAt = now.Add(s.cfg.TTL)
	s.sessions[id] = sess
	s.markDirtyLocked(id)
	return sess.clone(), nil
}

// Set stores key=value in an existing session.
func (s *Store) Set(ctx context.Context, id, key, value string) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return ErrNotFound
	}
	sess.Values[key] = value
	s.markDirtyLocked(id)
	return nil
}

// Destroy removes a session, e.g. on logout.
func (s *Store) Destroy(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeLocked(id)
}

func (s *Store) removeLocked(id string) {
	delete(s.sessions, id)
	delete(s.dirty, id)
	if s.cfg.Persister != nil {
		s.deleted[id] = struct{}{}
		s.cond.Signal()
	}
}

// janitor evicts expired sessions until Close.
func (s *Store) janitor() {
	defer close(s.janitorDone)
	tick, stop := s.cfg.Clock.Tick(s.cfg.JanitorInterval)
	defer stop()
	for {
		select {
		case <-s.stopJanitor:
			return
		case <-tick:
			now := s.cfg.Clock.Now()
			s.mu.Lock()
			for id, sess := range s.sessions {
				if !now.Before(sess.ExpiresAt) {
					s.removeLocked(id)
				}
			}
			s.mu.Unlock()
		}
	}
}
