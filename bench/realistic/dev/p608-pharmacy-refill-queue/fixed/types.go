// Package refill keeps the queue of prescription refills between the
// patient's request and pickup at the counter: it checks refill eligibility,
// adjudicates the claim with the insurer, and returns stale fills to stock.
package refill

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Status of a refill.
type Status int

const (
	StatusAdjudicating Status = iota
	StatusQueued
	StatusReady
	StatusPickedUp
	StatusOnHold
	StatusReturned
)

func (s Status) String() string {
	return [...]string{"adjudicating", "queued", "ready", "picked-up", "on-hold", "returned"}[s]
}

// Request is a patient's refill request for an existing prescription.
type Request struct {
	RxNumber         string
	PatientID        string
	NDC              string
	Quantity         int
	DaysSupply       int
	RefillsRemaining int
	LastFilled       time.Time
}

func (r Request) validate() error {
	switch {
	case r.RxNumber == "" || r.PatientID == "":
		return errors.New("refill: rx number and patient are required")
	case r.Quantity <= 0 || r.DaysSupply <= 0:
		return fmt.Errorf("refill: rx %s: quantity and days supply must be positive", r.RxNumber)
	}
	return nil
}

// Refill is one refill moving through the queue.
type Refill struct {
	ID       string
	Request  Request
	Status   Status
	Copay    float64
	ClaimRef string
	Due      time.Time // fill promised by
	ReadyAt  time.Time
	Reason   string
}

// Claim is what is sent to the insurer.
type Claim struct {
	RefillID  string
	PatientID string
	NDC       string
	Quantity  int
}

// Decision is a paid claim.
type Decision struct {
	Reference string
	Copay     float64
}

// Adjudicator submits claims to the patient's insurer.
type Adjudicator interface {
	Adjudicate(ctx context.Context, c Claim) (Decision, error)
}

// Notifier tells patients and staff about refill events.
type Notifier interface {
	Overdue(r Refill)
	ReturnedToStock(r Refill)
}

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	ErrDuplicate         = errors.New("refill: refill already in progress")
	ErrNoRefills         = errors.New("refill: no refills remaining")
	ErrTooSoon           = errors.New("refill: too soon to refill")
	ErrPriorAuthRequired = errors.New("refill: prior authorization required")
	ErrUnknownRefill     = errors.New("refill: unknown refill")
)

// Config configures a Queue.
type Config struct {
	// EarlyRefillPct is the share of days supply that must have elapsed
	// before a refill is allowed, e.g. 0.75.
	EarlyRefillPct float64
	FillSLA        time.Duration
	ReturnAfter    time.Duration // ready but not picked up
	SweepEvery     time.Duration
	Now            func() time.Time
	Logger         Logger
}

func (c *Config) setDefaults() {
	if c.EarlyRefillPct <= 0 {
		c.EarlyRefillPct = 0.75
	}
	if c.FillSLA <= 0 {
		c.FillSLA = 4 * time.Hour
	}
	if c.ReturnAfter <= 0 {
		c.ReturnAfter = 10 * 24 * time.Hour
	}
	if c.SweepEvery <= 0 {
		c.SweepEvery = 5 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
}
