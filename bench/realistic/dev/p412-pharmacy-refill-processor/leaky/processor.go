// Package refill processes prescription refill requests for a retail
// pharmacy.
//
// A refill request is checked against the patient's insurance, then queued
// for verification by one of the pharmacists on shift. Patients are
// notified when their refill is rejected and when it reaches a pharmacist.
package refill

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Errors returned (wrapped) by the processor.
var (
	ErrInvalidRefill     = errors.New("refill: invalid request")
	ErrEligibility       = errors.New("refill: eligibility check failed")
	ErrNotCovered        = errors.New("refill: not covered by insurance")
	ErrPriorAuthRequired = errors.New("refill: prior authorization required")
	ErrNoPharmacist      = errors.New("refill: no pharmacist on shift")
	ErrQueueFull         = errors.New("refill: all pharmacist queues are full")
	ErrClosed            = errors.New("refill: processor closed")
)

// Refill is a patient's request to refill a prescription.
type Refill struct {
	RxNumber   string
	PatientID  string
	MemberID   string // insurance member ID
	NDC        string // national drug code
	Quantity   int
	DaysSupply int
}

// Coverage is the insurer's answer to an eligibility check.
type Coverage struct {
	Covered           bool
	PriorAuthRequired bool
	CopayCents        int64
	Reason            string // set when not covered
}

// Task is a refill queued for pharmacist verification.
type Task struct {
	Refill
	Coverage   Coverage
	Pharmacist string
	QueuedAt   time.Time
}

// Insurer checks prescription coverage with the patient's plan.
type Insurer interface {
	CheckEligibility(ctx context.Context, memberID, ndc string, quantity, daysSupply int) (Coverage, error)
}

// Workstation delivers tasks to a pharmacist's verification screen.
type Workstation interface {
	Deliver(ctx context.Context, pharmacistID string, t Task) error
}

// Clock abstracts time.
type Clock interface {
	Now() time.Time
}

// Logger receives operational messages.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config configures a Processor. Insurer, Workstation and Notifier are
// required.
type Config struct {
	Insurer     Insurer
	Workstation Workstation
	Notifier    Notifier
	Clock       Clock
	Logger      Logger
	// QueueDepth is the number of tasks each pharmacist's queue holds.
	// Defaults to 32.
	QueueDepth int
	// CallTimeout bounds eligibility checks, deliveries and notifications.
	// Defaults to 10s.
	CallTimeout time.Duration
}

// Processor checks, queues and tracks refills. It is safe for concurrent
// use.
type Processor struct {
	cfg Config

	mu     sync.Mutex
	queues map[string]*pharmacistQueue
	closed bool
}

// New returns a processor with no pharmacist on shift.
func New(cfg Config) (*Processor, error) {
	if cfg.Insurer == nil || cfg.Workstation == nil || cfg.Notifier == nil {
		return nil, errors.New("refill: insurer, workstation and notifier are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}
	if cfg.QueueDepth <= 0 {
		cfg.QueueDepth = 32
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 10 * time.Second
	}
	return &Processor{cfg: cfg, queues: make(map[string]*pharmacistQueue)}, nil
}

// Submit checks r's coverage and queues it for a pharmacist. Refills that
// are not covered are rejected and the patient is told why.
func (p *Processor) Submit(ctx context.Context, r Refill) (Task, error) {
	if err := validate(r); err != nil {
		return Task{}, err
	}

	cctx, cancel := context.WithTimeout(ctx, p.cfg.CallTimeout)
	cov, err := p.cfg.Insurer.CheckEligibility(cctx, r.MemberID, r.NDC, r.Quantity, r.DaysSupply)
	cancel()
	if err != nil {
		return Task{}, fmt.Errorf("%w: rx %s: %v", ErrEligibility, r.RxNumber, err)
	}
	switch {
	case !cov.Covered:
		p.notify(ctx, r.PatientID, notCoveredMessage(r))
		return Task{}, fmt.Errorf("%w: rx %s: %s", ErrNotCovered, r.RxNumber, cov.Reason)
	case cov.PriorAuthRequired:
		p.notify(ctx, r.PatientID, priorAuthMessage(r))
		return Task{}, fmt.Errorf("%w: rx %s", ErrPriorAuthRequired, r.RxNumber)
	}

	t := Task{Refill: r, Coverage: cov, QueuedAt: p.cfg.Clock.Now()}
	return p.enqueue(t)
}

func validate(r Refill) error {
	var problems []string
	if strings.TrimSpace(r.RxNumber) == "" {
		problems = append(problems, "rx number missing")
	}
	if r.PatientID == "" || r.MemberID == "" {
		problems = append(problems, "patient and member id are required")
	}
	if len(r.NDC) != 11 {
		problems = append(problems, fmt.Sprintf("ndc %q is not 11 digits", r.NDC))
	}
	if r.Quantity <= 0 || r.DaysSupply <= 0 {
		problems = append(problems, "quantity and days supply must be positive")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidRefill, strings.Join(problems, "; "))
	}
	return nil
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}
