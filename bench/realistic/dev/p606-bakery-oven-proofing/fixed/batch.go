// Package proofing schedules dough batches through a bank of proofing
// chambers and reports which batches are ready for the oven.
package proofing

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Profile is the proofing recipe for a dough.
type Profile struct {
	Name       string
	MinTempC   float64
	MaxTempC   float64
	TargetRise float64 // volume ratio, e.g. 1.8 for "nearly doubled"
	MaxTime    time.Duration
}

func (p Profile) validate() error {
	switch {
	case p.MinTempC <= 0 || p.MaxTempC <= p.MinTempC:
		return fmt.Errorf("proofing: profile %q: bad temperature band %.1f-%.1f", p.Name, p.MinTempC, p.MaxTempC)
	case p.TargetRise <= 1:
		return fmt.Errorf("proofing: profile %q: target rise %.2f must exceed 1", p.Name, p.TargetRise)
	case p.MaxTime <= 0:
		return fmt.Errorf("proofing: profile %q: max time must be positive", p.Name)
	}
	return nil
}

// Batch is one rack of shaped dough.
type Batch struct {
	ID      string
	Product string
	Trays   int
	Profile Profile
}

// Reading is one sample from a chamber's sensors.
type Reading struct {
	TempC       float64
	HumidityPct float64
	Rise        float64
}

// Chamber is a proofing cabinet with its own sensors.
type Chamber interface {
	ID() string
	Load(ctx context.Context, b Batch) error
	Sample(ctx context.Context) (Reading, error)
	Unload(ctx context.Context) error
}

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	// ErrUnderProofed marks a batch that did not reach its rise in time.
	ErrUnderProofed = errors.New("proofing: under-proofed")
	// ErrOutOfBand marks a batch that spent too long outside its temperature band.
	ErrOutOfBand = errors.New("proofing: temperature out of band")
)

// ChamberFault means the chamber itself can no longer be trusted; the run is
// aborted so the line lead can move the remaining dough by hand.
type ChamberFault struct {
	Chamber string
	Batch   string
	Err     error
}

func (f *ChamberFault) Error() string {
	return fmt.Sprintf("chamber %s faulted on batch %s: %v", f.Chamber, f.Batch, f.Err)
}

func (f *ChamberFault) Unwrap() error { return f.Err }

// Outcome is what happened to one batch.
type Outcome struct {
	Batch    string
	Chamber  string
	Rise     float64
	Elapsed  time.Duration
	Rejected error
}

// Report is the result of a run.
type Report struct {
	Ready    []Outcome
	Rejected []Outcome
}
