// Package digest batches notification events per user and delivers them
// as a single digest message once a user's collection window has passed,
// instead of sending one message per event.
package digest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// Event is something a user should hear about.
type Event struct {
	UserID string
	Kind   string // e.g. "comment", "mention", "follow"
	Title  string
	URL    string
	At     time.Time
}

// Recipient is where and how a user receives digests.
type Recipient struct {
	Name       string
	Address    string
	DigestsOff bool
}

// Directory resolves users to recipients.
type Directory interface {
	Lookup(ctx context.Context, userID string) (Recipient, error)
}

// Sender delivers one message, reading its body from body. Implementations
// should wrap ErrPermanent in errors that retrying cannot fix.
type Sender interface {
	Send(ctx context.Context, to Recipient, subject string, body io.Reader) error
}

// Ticker is the subset of *time.Ticker the service uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time so flushing can be driven by tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

var (
	// ErrPermanent marks delivery failures that must not be retried.
	ErrPermanent = errors.New("digest: permanent delivery failure")
	// ErrClosed is returned by Notify after Close.
	ErrClosed = errors.New("digest: service closed")
)

// Config configures a Service. Directory and Sender are required.
type Config struct {
	Directory Directory
	Sender    Sender
	Clock     Clock
	// Window is how long events are collected after a user's first
	// pending event before the digest goes out. Default 15 minutes.
	Window time.Duration
	// MaxEvents sends a digest early once it holds this many events.
	// Default 50.
	MaxEvents int
	// FlushInterval is how often due digests are looked for. Default 1 minute.
	FlushInterval time.Duration
	// SendTimeout bounds one delivery attempt. Default 30 seconds.
	SendTimeout time.Duration
	// MaxAttempts is how many times a digest is tried before it is
	// dropped and reported to OnError. Default 3.
	MaxAttempts int
	// OnError, if set, is called for every digest that is dropped.
	OnError func(userID string, err error)
}

// batch is a user's pending digest.
type batch struct {
	user     string
	events   []Event
	due      time.Time
	attempts int
}

// Service collects events and sends digests. Create it with New, then call
// Start; Close flushes what is pending.
type Service struct {
	cfg       Config
	startOnce sync.Once
	stopOnce  sync.Once
	stop      chan struct{}
	done      chan struct{}

	mu      sync.Mutex
	pending map[string]*batch
	closed  bool
}

// New validates cfg and returns a Service that is not yet running.
func New(cfg Config) (*Service, error) {
	if cfg.Directory == nil || cfg.Sender == nil {
		return nil, errors.New("digest: Config.Directory and Config.Sender are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Window <= 0 {
		cfg.Window = 15 * time.Minute
	}
	if cfg.MaxEvents <= 0 {
		cfg.MaxEvents = 50
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = time.Minute
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	return &Service{
		cfg:     cfg,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		pending: make(map[string]*batch),
	}, nil
}

// Notify adds e to its user's pending digest.
func (s *Service) Notify(e Event) error {
	if e.UserID == "" {
		return errors.New("digest: event without user")
	}
	now := s.cfg.Clock.Now()
	if e.At.IsZero() {
		e.At = now
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	b, ok := s.pending[e.UserID]
	if !ok {
		b = &batch{user: e.UserID, due: now.Add(s.cfg.Window)}
		s.pending[e.UserID] = b
	}
	b.events = append(b.events, e)
	if len(b.events) >= s.cfg.MaxEvents {
		b.due = now
	}
	return nil
}

// Start begins flushing due digests in the background.
func (s *Service) Start() {
	s.startOnce.Do(func() {
		go s.loop(s.cfg.Clock.NewTicker(s.cfg.FlushInterval))
	})
}

// Close stops accepting events, sends every pending digest regardless of
// its window, and waits for that to finish or for ctx to be done.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.Start() // so a never-started service still flushes
	s.stopOnce.Do(func() { close(s.stop) })
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("digest: close: %w", ctx.Err())
	}
}

func (s *Service) loop(t Ticker) {
	defer close(s.done)
	defer t.Stop()
	for {
		select {
		case now := <-t.C():
			s.flush(s.takeDue(now, false), true)
		case <-s.stop:
			s.flush(s.takeDue(time.Time{}, true), false)
			return
		}
	}
}

// takeDue removes and returns the batches due at now (all of them if all
// is set), ordered by user for predictable delivery.
func (s *Service) takeDue(now time.Time, all bool) []*batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	var due []*batch
	for user, b := range s.pending {
		if all || !b.due.After(now) {
			due = append(due, b)
			delete(s.pending, user)
		}
	}
	sort.Slice(due, func(i, j int) bool { return due[i].user < due[j].user })
	return due
}

// flush delivers batches one by one. Failed batches are put back for the
// next tick when retry is set and attempts remain.
func (s *Service) flush(batches []*batch, retry bool) {
	for _, b := range batches {
		err := s.deliverWithTimeout(b)
		if err == nil {
			continue
		}
		b.attempts++
		if retry && !errors.Is(err, ErrPermanent) && b.attempts < s.cfg.MaxAttempts {
			s.requeue(b)
			continue
		}
		if s.cfg.OnError != nil {
			s.cfg.OnError(b.user, err)
		}
	}
}

// requeue merges a failed batch back into pending, keeping its events
// ahead of any that arrived in the meantime.
func (s *Service) requeue(b *batch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if newer, ok := s.pending[b.user]; ok {
		b.events = append(b.events, newer.events...)
	}
	s.pending[b.user] = b
}

func (s *Service) deliverWithTimeout(b *batch) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.SendTimeout)
	defer cancel()
	return s.deliver(ctx, b)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }
