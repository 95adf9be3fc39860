// Package loyalty implements the points ledger of a customer loyalty
// program: members accrue points in lots, lots expire after a validity
// period, and members are notified when points expire.
package loyalty

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Lot is a block of points earned in one transaction. Points expire per lot.
type Lot struct {
	ID        string
	MemberID  string
	Points    int64
	EarnedAt  time.Time
	ExpiresAt time.Time
	Reason    string
}

// Preferences are a member's communication settings.
type Preferences struct {
	Channel string // "email", "sms" or "push"
	Locale  string
	OptOut  bool
}

// Member is a loyalty program member.
type Member struct {
	ID    string
	Name  string
	Tier  string
	Prefs *Preferences // optional
}

// Message is an outbound member notification.
type Message struct {
	MemberID string
	Channel  string
	Subject  string
	Body     string
}

// Store persists members and point lots.
type Store interface {
	Member(ctx context.Context, id string) (Member, error)
	AddLot(ctx context.Context, lot Lot) error
	// ExpiringLots returns up to limit active lots that expire at or
	// before the given time, oldest first.
	ExpiringLots(ctx context.Context, before time.Time, limit int) ([]Lot, error)
	// ExpireLots marks lots as expired.
	ExpireLots(ctx context.Context, ids []string, at time.Time) error
}

// Notifier delivers messages to members.
type Notifier interface {
	Send(ctx context.Context, msg Message) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Errors returned by the service.
var (
	ErrClosed        = errors.New("loyalty: service closed")
	ErrInvalidPoints = errors.New("loyalty: points must be positive")
)

// Config configures a Service.
type Config struct {
	// Validity is how long earned points stay valid. Default 365 days.
	Validity time.Duration
	// BatchSize is the number of lots expired per store round trip.
	BatchSize int
	// SendTimeout bounds a single notification attempt. Default 10s.
	SendTimeout time.Duration
	// Clock defaults to the system clock.
	Clock Clock
	// Logf receives operational log lines; defaults to log.Printf.
	Logf func(format string, args ...interface{})
}

// Service is the loyalty ledger service.
type Service struct {
	store    Store
	notifier Notifier
	cfg      Config

	mu       sync.Mutex
	closed   bool
	seq      int
	inflight sync.WaitGroup // outstanding notifications
}

// NewService returns a Service.
func NewService(store Store, notifier Notifier, cfg Config) *Service {
	if cfg.Validity <= 0 {
		cfg.Validity = 365 * 24 * time.Hour
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 10 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	return &Service{store: store, notifier: notifier, cfg: cfg}
}

// Accrue credits points to a member as a new lot.
func (s *Service) Accrue(ctx context.Context, memberID string, points int64, reason string) (Lot, error) {
	if points <= 0 {
		return Lot{}, ErrInvalidPoints
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Lot{}, ErrClosed
	}
	s.seq++
	seq := s.seq
	s.mu.Unlock()

	now := s.cfg.Clock.Now()
	lot := Lot{
		ID:        fmt.Sprintf("%s-%d-%d", memberID, now.Unix(), seq),
		MemberID:  memberID,
		Points:    points,
		EarnedAt:  now,
		ExpiresAt: now.Add(s.cfg.Validity),
		Reason:    reason,
	}
	if err := s.store.AddLot(ctx, lot); err != nil {
		return Lot{}, fmt.Errorf("accrue %d points for %s: %w", points, memberID, err)
	}
	return lot, nil
}

// Close stops accepting work and waits for outstanding notifications until
// ctx is done.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.inflight.Wait() // leak: a delivery that panicked never marked itself done
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("loyalty: waiting for notifications: %w", ctx.Err())
	}
}
