// Package liftgate runs the turnstiles at a ski resort's lifts. Gates
// validate lift passes against the central ticketing service, fall back to
// passes they have already seen when the network is down, and upload the
// scans they made offline once it returns. The Hub also publishes lift
// queue lengths for the resort app.
package liftgate

import (
	"context"
	"errors"
	"time"
)

// Errors describing why a pass was refused. Scan wraps them.
var (
	ErrUnavailable   = errors.New("liftgate: ticketing service unavailable")
	ErrUnknownPass   = errors.New("liftgate: unknown pass")
	ErrPassBlocked   = errors.New("liftgate: pass blocked")
	ErrOutsideWindow = errors.New("liftgate: pass not valid at this time")
	ErrWrongLift     = errors.New("liftgate: pass not valid on this lift")
	ErrPassback      = errors.New("liftgate: pass used here too recently")
)

// Pass is a lift ticket or season pass as known to the ticketing service.
type Pass struct {
	ID        string
	Product   string
	ValidFrom time.Time
	ValidTo   time.Time
	// Lifts restricts the pass to some lifts; empty means all lifts.
	Lifts   []string
	Blocked bool
}

// Scan is one presentation of a pass at a gate.
type Scan struct {
	PassID  string
	GateID  string
	Lift    string
	At      time.Time
	Allowed bool
	Offline bool
	Reason  string
}

// PassService is the central ticketing service.
type PassService interface {
	// Lookup returns the pass, or an error wrapping ErrUnavailable when the
	// service cannot be reached.
	Lookup(ctx context.Context, passID string) (Pass, error)
}

// ScanUploader stores gate scans centrally, for revenue sharing and fraud
// checks.
type ScanUploader interface {
	UploadScans(ctx context.Context, gateID string, scans []Scan) error
}

// QueueReporter publishes lift queue information.
type QueueReporter interface {
	ReportQueue(ctx context.Context, lift string, waiting int, wait time.Duration) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// validate checks a pass for entry to lift at time at.
func validate(p Pass, lift string, at time.Time) error {
	if p.Blocked {
		return ErrPassBlocked
	}
	if at.Before(p.ValidFrom) || !at.Before(p.ValidTo) {
		return ErrOutsideWindow
	}
	if len(p.Lifts) == 0 {
		return nil
	}
	for _, l := range p.Lifts {
		if l == lift {
			return nil
		}
	}
	return ErrWrongLift
}
