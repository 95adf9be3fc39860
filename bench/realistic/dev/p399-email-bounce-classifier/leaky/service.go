package bounce

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Suppression is a decision not to mail an address again.
type Suppression struct {
	Address string
	Kind    Kind
	Status  string
	Reason  string
	At      time.Time
}

// ErrAlreadySuppressed is returned by a SuppressionStore when the address is
// already on the list.
var ErrAlreadySuppressed = errors.New("bounce: address already suppressed")

// SuppressionStore persists suppressions, typically the ESP's suppression
// list API or a database table shared by every sending service.
type SuppressionStore interface {
	Suppress(ctx context.Context, s Suppression) error
}

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Config configures a Service.
type Config struct {
	Store SuppressionStore
	// MaxInflight bounds concurrent writes to Store. Default 4.
	MaxInflight int
	// SoftLimit is how many soft bounces an address may collect before it
	// is suppressed. Default 3.
	SoftLimit int
	// StoreTimeout bounds each Store call. Default 10s.
	StoreTimeout time.Duration
	// OnError is told about suppressions that could not be written.
	OnError func(error)
	Clock   Clock
}

// Result is what Handle decided about one bounce.
type Result struct {
	Report     *Report
	Kind       Kind
	Suppressed bool // a suppression has been queued for Report.Recipient
}

// Stats are running counters.
type Stats struct {
	Handled, Suppressed, Duplicates, Failed int
}

// Service classifies bounces and suppresses addresses that keep failing.
type Service struct {
	cfg Config
	sem chan struct{}

	mu    sync.Mutex
	soft  map[string]int
	stats Stats
}

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, errors.New("bounce: Config.Store is required")
	}
	if cfg.MaxInflight <= 0 {
		cfg.MaxInflight = 4
	}
	if cfg.SoftLimit <= 0 {
		cfg.SoftLimit = 3
	}
	if cfg.StoreTimeout <= 0 {
		cfg.StoreTimeout = 10 * time.Second
	}
	if cfg.OnError == nil {
		cfg.OnError = func(error) {}
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	return &Service{
		cfg:  cfg,
		sem:  make(chan struct{}, cfg.MaxInflight),
		soft: make(map[string]int),
	}, nil
}

// Handle parses and classifies one bounce message. Suppressions are written
// in the background so that the inbound mail path is never held up by the
// store; Handle returns as soon as the decision is made.
func (s *Service) Handle(ctx context.Context, raw []byte) (Result, error) {
	rep, err := Parse(raw)
	if err != nil {
		return Result{}, fmt.Errorf("handle bounce: %w", err)
	}
	res := Result{Report: rep, Kind: Classify(rep)}

	s.mu.Lock()
	s.stats.Handled++
	switch res.Kind {
	case KindHard:
		res.Suppressed = true
		delete(s.soft, rep.Recipient)
	case KindSoft:
		s.soft[rep.Recipient]++
		if s.soft[rep.Recipient] >= s.cfg.SoftLimit {
			res.Suppressed = true
			delete(s.soft, rep.Recipient)
		}
	}
	s.mu.Unlock()

	if res.Suppressed {
		s.suppress(Suppression{
			Address: rep.Recipient,
			Kind:    res.Kind,
			Status:  rep.Status,
			Reason:  rep.Diagnostic,
			At:      s.cfg.Clock.Now(),
		})
	}
	return res, nil
}

func (s *Service) suppress(sup Suppression) {
	go func() {
		s.sem <- struct{}{} // leak: a slot taken by a duplicate suppression is never given back
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.StoreTimeout)
		defer cancel()
		err := s.cfg.Store.Suppress(ctx, sup)
		switch {
		case errors.Is(err, ErrAlreadySuppressed):
			// Another sender got there first; nothing to do.
			s.count(func(st *Stats) { st.Duplicates++ })
			return
		case err != nil:
			<-s.sem
			s.count(func(st *Stats) { st.Failed++ })
			s.cfg.OnError(fmt.Errorf("suppress %s: %w", sup.Address, err))
			return
		}
		<-s.sem
		s.count(func(st *Stats) { st.Suppressed++ })
	}()
}

func (s *Service) count(f func(*Stats)) {
	s.mu.Lock()
	f(&s.stats)
	s.mu.Unlock()
}

// Stats returns a snapshot of the service's counters.
func (s *Service) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}
