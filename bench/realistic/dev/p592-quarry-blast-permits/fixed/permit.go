// Package permits manages blast permit applications for a quarry: shot
// plans are validated against site limits, sent to the reviewers (vibration,
// environment, neighbour liaison) and approved or rejected.
package permits

import (
	"errors"
	"fmt"
	"time"
)

// Errors returned by the permit desk.
var (
	ErrUnknownPermit = errors.New("permits: unknown permit")
	ErrNotAmendable  = errors.New("permits: permit can no longer be amended")
	ErrChargeLimit   = errors.New("permits: charge exceeds site limit")
	ErrBlastWindow   = errors.New("permits: outside permitted blasting hours")
	ErrBadShotPlan   = errors.New("permits: invalid shot plan")
)

// Status of a permit.
type Status int

const (
	StatusPending Status = iota
	StatusApproved
	StatusRejected
	StatusWithdrawn
)

func (s Status) String() string {
	switch s {
	case StatusPending:
		return "pending"
	case StatusApproved:
		return "approved"
	case StatusRejected:
		return "rejected"
	case StatusWithdrawn:
		return "withdrawn"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Application is a shot plan submitted by the shotfirer.
type Application struct {
	Site            string
	Bench           string
	Shotfirer       string
	Holes           int
	HolesPerDelay   int
	ChargePerHoleKg float64
	NearestBuilding float64 // metres to the nearest occupied structure
	PlannedAt       time.Time
}

// MaxInstantaneousCharge is the explosive mass detonated on a single delay.
func (a Application) MaxInstantaneousCharge() float64 {
	return a.ChargePerHoleKg * float64(a.HolesPerDelay)
}

// TotalCharge is the explosive mass of the whole shot.
func (a Application) TotalCharge() float64 {
	return a.ChargePerHoleKg * float64(a.Holes)
}

// Amendment changes a pending application. Zero fields are left unchanged.
type Amendment struct {
	ChargePerHoleKg float64
	HolesPerDelay   int
	PlannedAt       time.Time
}

// Finding is one reviewer's verdict.
type Finding struct {
	Reviewer string
	OK       bool
	Note     string
}

// Decision is published when a permit is approved or rejected.
type Decision struct {
	PermitID string
	Revision int
	Status   Status
	Findings []Finding
	At       time.Time
}

// Permit is the desk's record of an application.
type Permit struct {
	ID        string
	App       Application
	Status    Status
	Revision  int
	Submitted time.Time
	Decided   time.Time
	Findings  []Finding
}

// SiteLimits are the conditions of the quarry's planning consent.
type SiteLimits struct {
	MaxInstantaneousKg float64
	MaxTotalKg         float64
	WindowStart        int // first hour blasting may start, local time
	WindowEnd          int // hour by which blasting must be finished
}

func (l SiteLimits) check(a Application) error {
	if a.Holes <= 0 || a.HolesPerDelay <= 0 || a.HolesPerDelay > a.Holes || a.ChargePerHoleKg <= 0 {
		return fmt.Errorf("%w: %d holes, %d per delay, %.1f kg per hole",
			ErrBadShotPlan, a.Holes, a.HolesPerDelay, a.ChargePerHoleKg)
	}
	if mic := a.MaxInstantaneousCharge(); mic > l.MaxInstantaneousKg {
		return fmt.Errorf("%w: %.1f kg per delay, limit %.1f kg", ErrChargeLimit, mic, l.MaxInstantaneousKg)
	}
	if tot := a.TotalCharge(); l.MaxTotalKg > 0 && tot > l.MaxTotalKg {
		return fmt.Errorf("%w: %.1f kg in total, limit %.1f kg", ErrChargeLimit, tot, l.MaxTotalKg)
	}
	if wd := a.PlannedAt.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return fmt.Errorf("%w: no blasting on %s", ErrBlastWindow, wd)
	}
	if h := a.PlannedAt.Hour(); h < l.WindowStart || h >= l.WindowEnd {
		return fmt.Errorf("%w: %s is outside %02d:00-%02d:00", ErrBlastWindow,
			a.PlannedAt.Format("15:04"), l.WindowStart, l.WindowEnd)
	}
	return nil
}
