package lending

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config holds the lending policy.
type Config struct {
	MaxLoansPerPatron int
	MaxFinesCents     int
	HoldPageSize      int
	Logger            *log.Logger
	Now               func() time.Time
}

// Option adjusts the Config used by New.
type Option func(*Config)

// WithMaxLoans sets how many titles a patron may borrow at once.
func WithMaxLoans(n int) Option { return func(c *Config) { c.MaxLoansPerPatron = n } }

// WithMaxFines sets the outstanding fines above which borrowing is blocked.
func WithMaxFines(cents int) Option { return func(c *Config) { c.MaxFinesCents = cents } }

// WithHoldPageSize sets how many holds are fetched from the store per query.
func WithHoldPageSize(n int) Option { return func(c *Config) { c.HoldPageSize = n } }

// WithLogger sets the logger for lending events.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithClock replaces time.Now, mostly for tests.
func WithClock(now func() time.Time) Option { return func(c *Config) { c.Now = now } }

// Service checks ebooks in and out and moves the hold queue along when a
// copy comes back.
type Service struct {
	cfg      Config
	catalog  Catalog
	holds    HoldStore
	patrons  Patrons
	notifier Notifier

	mu       sync.Mutex
	loans    map[string][]Loan // by ISBN
	byPatron map[string]int    // active loan count by patron ID
}

// New builds a Service.
func New(c Catalog, h HoldStore, p Patrons, n Notifier, opts ...Option) *Service {
	cfg := Config{
		MaxLoansPerPatron: 5,
		MaxFinesCents:     1000,
		HoldPageSize:      25,
		Logger:            log.New(io.Discard, "", 0),
		Now:               time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.HoldPageSize <= 0 {
		cfg.HoldPageSize = 25
	}
	return &Service{
		cfg:      cfg,
		catalog:  c,
		holds:    h,
		patrons:  p,
		notifier: n,
		loans:    make(map[string][]Loan),
		byPatron: make(map[string]int),
	}
}

// Checkout lends a copy of isbn to patronID if a licensed copy is free.
func (s *Service) Checkout(ctx context.Context, isbn, patronID string) (Loan, error) {
	lic, err := s.catalog.License(ctx, isbn)
	if err != nil {
		return Loan{}, fmt.Errorf("checkout %s: %w", isbn, err)
	}
	p, err := s.patrons.Lookup(ctx, patronID)
	if err != nil {
		return Loan{}, fmt.Errorf("checkout %s: %w", isbn, err)
	}
	if err := s.eligible(p); err != nil {
		return Loan{}, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.canLendLocked(lic, p.ID); err != nil {
		return Loan{}, err
	}
	loan := s.lendLocked(lic, p.ID)
	s.cfg.Logger.Printf("checkout %q to %s, due %s", lic.Title, p.ID, loan.Due.Format(time.RFC3339))
	return loan, nil
}

// Return ends patronID's loan of isbn and offers the copy to the next
// eligible patron on the waiting list.
func (s *Service) Return(ctx context.Context, isbn, patronID string) (*Loan, error) {
	s.mu.Lock()
	ok := s.endLoanLocked(isbn, patronID)
	s.mu.Unlock()
	if !ok {
		return nil, ErrNotOnLoan
	}
	s.cfg.Logger.Printf("return %s by %s", isbn, patronID)

	next, err := s.promoteNextHold(ctx, isbn)
	if err != nil {
		return nil, fmt.Errorf("return %s: %w", isbn, err)
	}
	return next, nil
}

// ActiveLoans lists current loans of isbn, ordered by patron ID.
func (s *Service) ActiveLoans(isbn string) []Loan {
	s.mu.Lock()
	out := append([]Loan(nil), s.loans[isbn]...)
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].PatronID < out[j].PatronID })
	return out
}

func (s *Service) eligible(p Patron) error {
	switch {
	case p.Suspended:
		return fmt.Errorf("%w: %s is suspended", ErrPatronBlocked, p.ID)
	case p.FinesDue > s.cfg.MaxFinesCents:
		return fmt.Errorf("%w: %s owes %d cents", ErrPatronBlocked, p.ID, p.FinesDue)
	}
	return nil
}

func (s *Service) canLendLocked(lic License, patronID string) error {
	for _, l := range s.loans[lic.ISBN] {
		if l.PatronID == patronID {
			return ErrAlreadyOnLoan
		}
	}
	if s.byPatron[patronID] >= s.cfg.MaxLoansPerPatron {
		return ErrLoanLimit
	}
	if len(s.loans[lic.ISBN]) >= lic.Copies {
		return ErrNoCopyAvailable
	}
	return nil
}

func (s *Service) lendLocked(lic License, patronID string) Loan {
	now := s.cfg.Now()
	loan := Loan{ISBN: lic.ISBN, PatronID: patronID, Start: now, Due: now.Add(lic.LoanPeriod)}
	s.loans[lic.ISBN] = append(s.loans[lic.ISBN], loan)
	s.byPatron[patronID]++
	return loan
}

func (s *Service) endLoanLocked(isbn, patronID string) bool {
	loans := s.loans[isbn]
	for i, l := range loans {
		if l.PatronID != patronID {
			continue
		}
		s.loans[isbn] = append(loans[:i], loans[i+1:]...)
		s.byPatron[patronID]--
		if s.byPatron[patronID] == 0 {
			delete(s.byPatron, patronID)
		}
		return true
	}
	return false
}
