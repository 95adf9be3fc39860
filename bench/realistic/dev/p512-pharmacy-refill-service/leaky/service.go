// Package refill handles prescription refill requests for a retail pharmacy:
// it checks refill eligibility, adjudicates the claim with the patient's
// insurer, reserves stock and opens prior authorization cases with the
// prescriber when the plan requires one.
package refill

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrClosed is returned once the service has been closed.
var ErrClosed = errors.New("refill service closed")

// Claim is a pharmacy claim sent to the insurer for adjudication.
type Claim struct {
	MemberID   string
	NDC        string
	Quantity   int
	DaysSupply int
	FillDate   time.Time
}

// Authorization is an approved claim.
type Authorization struct {
	Code  string
	Copay int64
}

// Reject codes returned by insurers.
const (
	RejectPriorAuth  = "75"
	RejectNotCovered = "70"
	RejectTooSoon    = "79"
)

// DenialError is returned by an Insurer that rejected a claim.
type DenialError struct {
	Code   string
	Reason string
}

func (e *DenialError) Error() string { return fmt.Sprintf("claim rejected (%s): %s", e.Code, e.Reason) }

// Insurer adjudicates claims, typically through a switch vendor.
type Insurer interface {
	Adjudicate(ctx context.Context, c Claim) (Authorization, error)
}

// Inventory reserves stock at the dispensing store.
type Inventory interface {
	Reserve(ctx context.Context, ndc string, qty int) error
}

// Notifier reaches patients and prescribers.
type Notifier interface {
	NotifyPatient(ctx context.Context, patientID, msg string) error
	// NotifyPrescriber sends a request to the prescriber's office and
	// returns the transmission reference.
	NotifyPrescriber(ctx context.Context, prescriber, msg string) (string, error)
}

// AuditLog records every refill decision for compliance.
type AuditLog interface {
	Write(e AuditEvent) error
}

// AuditEvent is one refill decision.
type AuditEvent struct {
	PatientID string
	RxNumber  string
	Outcome   string
	At        time.Time
}

// Config configures a Service.
type Config struct {
	// EarlyRefillRatio is the fraction of the days supply that must have
	// elapsed before a refill is allowed, e.g. 0.8.
	EarlyRefillRatio float64
	// ValidFor is how long a prescription may be refilled after it was written.
	ValidFor time.Duration
	// AuditBuffer sizes the queue to the audit writer.
	AuditBuffer int
}

// Option customises a Service.
type Option func(*Service)

// WithLogger sets the service logger.
func WithLogger(l *log.Logger) Option { return func(s *Service) { s.log = l } }

// WithClock overrides time.Now.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithAuditLog sets where refill decisions are recorded.
func WithAuditLog(a AuditLog) Option { return func(s *Service) { s.auditLog = a } }

// Service processes refill requests.
type Service struct {
	cfg       Config
	insurer   Insurer
	inventory Inventory
	notifier  Notifier
	auditLog  AuditLog
	log       *log.Logger
	now       func() time.Time

	ctx    context.Context
	cancel context.CancelFunc
	events chan AuditEvent
	wg     sync.WaitGroup

	mu       sync.RWMutex
	patients map[string]*patientRecord
	closed   bool
}

// New returns a Service and starts its audit writer.
func New(ins Insurer, inv Inventory, n Notifier, cfg Config, opts ...Option) (*Service, error) {
	if ins == nil || inv == nil || n == nil {
		return nil, errors.New("refill: insurer, inventory and notifier are required")
	}
	if cfg.EarlyRefillRatio <= 0 || cfg.EarlyRefillRatio > 1 {
		cfg.EarlyRefillRatio = 0.8
	}
	if cfg.ValidFor <= 0 {
		cfg.ValidFor = 365 * 24 * time.Hour
	}
	if cfg.AuditBuffer <= 0 {
		cfg.AuditBuffer = 64
	}
	s := &Service{
		cfg:       cfg,
		insurer:   ins,
		inventory: inv,
		notifier:  n,
		log:       log.New(io.Discard, "", 0),
		now:       time.Now,
		events:    make(chan AuditEvent, cfg.AuditBuffer),
		patients:  make(map[string]*patientRecord),
	}
	for _, o := range opts {
		o(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Add(1)
	go s.writeAudit()
	return s, nil
}

func (s *Service) writeAudit() {
	defer s.wg.Done()
	for e := range s.events {
		if s.auditLog == nil {
			continue
		}
		if err := s.auditLog.Write(e); err != nil {
			s.log.Printf("audit %s/%s: %v", e.PatientID, e.RxNumber, err)
		}
	}
}

func (s *Service) audit(patientID, rxNumber, outcome string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return
	}
	s.events <- AuditEvent{PatientID: patientID, RxNumber: rxNumber, Outcome: outcome, At: s.now()}
}

// Close flushes the audit log and stops background work.
func (s *Service) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.events)
	s.mu.Unlock()
	s.wg.Wait()
	s.cancel()
}
