package session

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Options configures a Store.
type Options struct {
	// Channel is the pub/sub channel for invalidations.
	// Default "session-invalidations".
	Channel string
	// Instance identifies this process so that it can ignore its own
	// invalidations. Required.
	Instance string
	// CacheTTL bounds how long a cached session is trusted without hearing
	// an invalidation. Default 5m.
	CacheTTL time.Duration
	// Clock defaults to the system clock.
	Clock Clock
	// Logger defaults to log.Default().
	Logger *log.Logger
}

type entry struct {
	sess    *Session
	fetched time.Time
}

// Store is a session store with a local cache. Writes go to the backend and
// are announced on the invalidation channel; invalidations from other
// instances evict entries from the local cache.
type Store struct {
	backend  Backend
	bus      PubSub
	channel  string
	instance string
	ttl      time.Duration
	clock    Clock
	logger   *log.Logger

	mu      sync.RWMutex
	entries map[string]*entry
	gen     uint64 // bumped on flush; loads that straddle a flush are not cached

	sub       Subscription
	cancel    context.CancelFunc
	closeOnce sync.Once
}

// New subscribes to the invalidation channel and returns a Store.
func New(ctx context.Context, backend Backend, bus PubSub, opts Options) (*Store, error) {
	if backend == nil || bus == nil {
		return nil, errors.New("session: backend and pubsub are required")
	}
	if opts.Instance == "" {
		return nil, errors.New("session: instance is required")
	}
	if opts.Channel == "" {
		opts.Channel = "session-invalidations"
	}
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = 5 * time.Minute
	}
	if opts.Clock == nil {
		opts.Clock = systemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = log.Default()
	}

	sub, err := bus.Subscribe(ctx, opts.Channel)
	if err != nil {
		return nil, fmt.Errorf("session: subscribe %s: %w", opts.Channel, err)
	}
	lctx, cancel := context.WithCancel(context.Background())
	s := &Store{
		backend:  backend,
		bus:      bus,
		channel:  opts.Channel,
		instance: opts.Instance,
		ttl:      opts.CacheTTL,
		clock:    opts.Clock,
		logger:   opts.Logger,
		entries:  make(map[string]*entry),
		sub:      sub,
		cancel:   cancel,
	}
	go s.listen(lctx, sub)
	return s, nil
}

// Get returns the session with the given id, from the cache when possible.
func (s *Store) Get(ctx context.Context, id string) (*Session, error) {
	now := s.clock.Now()

	s.mu.RLock()
	if e, ok := s.entries[id]; ok && now.Sub(e.fetched) < s.ttl {
		if !now.Before(e.sess.ExpiresAt) {
			s.mu.RUnlock()
			return nil, fmt.Errorf("session %s: %w", id, ErrExpired)
		}
		sess := e.sess.clone()
		s.mu.RUnlock()
		return sess, nil
	}
	gen := s.gen
	s.mu.RUnlock()

	sess, err := s.backend.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("session %s: load: %w", id, err)
	}
	if !now.Before(sess.ExpiresAt) {
		return nil, fmt.Errorf("session %s: %w", id, ErrExpired)
	}

	s.mu.Lock()
	if s.gen == gen {
		s.entries[id] = &entry{sess: sess.clone(), fetched: now}
	}
	s.mu.Unlock()
	return sess, nil
}

// Save writes the session to the backend, updates the local cache and tells
// the other instances to drop their copies.
func (s *Store) Save(ctx context.Context, sess *Session) error {
	if err := s.backend.Save(ctx, sess); err != nil {
		return fmt.Errorf("session %s: save: %w", sess.ID, err)
	}
	s.mu.Lock()
	s.entries[sess.ID] = &entry{sess: sess.clone(), fetched: s.clock.Now()}
	s.mu.Unlock()
	return s.publish(ctx, sess.ID)
}

// Delete removes the session everywhere, e.g. on logout.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := s.backend.Delete(ctx, id); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("session %s: delete: %w", id, err)
	}
	s.mu.Lock()
	delete(s.entries, id)
	s.mu.Unlock()
	return s.publish(ctx, id)
}

// Close unsubscribes from the invalidation channel and stops the listener.
// Without invalidations the cache cannot be trusted, so the Store must not
// be used after Close.
func (s *Store) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.cancel()
		err = s.sub.Close()
	})
	return err
}

func (s *Store) logf(format string, args ...interface{}) {
	s.logger.Printf(format, args...)
}
