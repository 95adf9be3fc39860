package tokenpayout

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
)

// Config tunes the payout service of a kiosk.
type Config struct {
	Workers    int
	QueueDepth int
	Rates      Rates
	// OnResult is called from a worker goroutine for every redemption.
	OnResult func(Result)
	Logger   *log.Logger
}

// Service takes redemptions from the kiosk's card reader, debits the
// player's tickets and drives the machine to pay tokens out.
type Service struct {
	cfg     Config
	machine *Machine
	ledger  Ledger

	jobs   chan Redemption
	exited chan struct{}

	mu      sync.Mutex
	started bool
	closed  bool
}

// NewService validates the configuration. Call Start to begin paying out.
func NewService(m *Machine, l Ledger, cfg Config) (*Service, error) {
	if m == nil || l == nil {
		return nil, errors.New("tokenpayout: machine and ledger are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.QueueDepth <= 0 {
		cfg.QueueDepth = 16
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	if cfg.OnResult == nil {
		cfg.OnResult = func(Result) {}
	}
	return &Service{
		cfg:     cfg,
		machine: m,
		ledger:  l,
		jobs:    make(chan Redemption, cfg.QueueDepth),
		exited:  make(chan struct{}, cfg.Workers),
	}, nil
}

// Start launches the worker pool. Workers use ctx for ledger and hopper
// calls.
func (s *Service) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.started {
		return errors.New("tokenpayout: service already started")
	}
	s.started = true
	for i := 0; i < s.cfg.Workers; i++ {
		go s.worker(ctx)
	}
	return nil
}

// Submit queues a redemption, waiting for room in the queue until ctx is
// done.
func (s *Service) Submit(ctx context.Context, r Redemption) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.jobs <- r:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("tokenpayout: submit %s: %w", r.ID, ctx.Err())
	}
}

func (s *Service) worker(ctx context.Context) {
	defer func() { s.exited <- struct{}{} }()
	for r := range s.jobs {
		s.cfg.OnResult(s.handle(ctx, r))
	}
}

func (s *Service) handle(ctx context.Context, r Redemption) Result {
	res := Result{Redemption: r}
	tokens, tickets, err := s.cfg.Rates.Quote(r)
	if err != nil {
		res.Err = err
		return res
	}
	res.Tokens = tokens
	if err := s.ledger.Debit(ctx, r.CardID, tickets, r.ID); err != nil {
		res.Err = fmt.Errorf("debit %d tickets from %s: %w", tickets, r.CardID, err)
		return res
	}

	paid, err := s.machine.Dispense(ctx, tokens)
	res.Paid = paid
	if paid < tokens {
		owed := (tokens - paid) * tickets / tokens
		if cerr := s.ledger.Credit(ctx, r.CardID, owed, r.ID, "short payout"); cerr != nil {
			s.cfg.Logger.Printf("redemption %s: credit %d tickets back to %s failed: %v", r.ID, owed, r.CardID, cerr)
		}
	}
	if err != nil {
		res.Err = fmt.Errorf("dispense %d tokens: %w", tokens, err)
	}
	return res
}

// Close stops accepting redemptions and waits, until ctx is done, for
// the queued ones to be paid out.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	started := s.started
	close(s.jobs)
	s.mu.Unlock()

	if !started {
		return nil
	}
	for i := 0; i < s.cfg.Workers; i++ {
		select {
		case <-s.exited:
		case <-ctx.Done():
			return fmt.Errorf("tokenpayout: %d workers still busy: %w", s.cfg.Workers-i, ctx.Err())
		}
	}
	return nil
}
