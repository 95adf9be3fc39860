package roster

import (
	"fmt"
	"time"
)

// License is a pilot's licence grade. Higher grades may take larger ships.
type License int

const (
	LicenseTrainee License = iota + 1
	LicenseClassC
	LicenseClassB
	LicenseClassA
)

func (l License) String() string {
	switch l {
	case LicenseTrainee:
		return "trainee"
	case LicenseClassC:
		return "class C"
	case LicenseClassB:
		return "class B"
	case LicenseClassA:
		return "class A"
	}
	return fmt.Sprintf("License(%d)", int(l))
}

// maxLengthFor returns the longest vessel, in metres, a licence grade may
// bring alongside without a second pilot.
func maxLengthFor(l License) float64 {
	switch l {
	case LicenseClassA:
		return 400
	case LicenseClassB:
		return 250
	case LicenseClassC:
		return 150
	}
	return 0
}

// Pilot is a licensed harbour pilot.
type Pilot struct {
	ID      string
	Name    string
	License License
	// OnDuty reports whether the pilot is on the current watch.
	OnDuty bool
	// LastReleased is when the pilot finished the last job.
	LastReleased time.Time
	// Busy is the movement the pilot is currently on, if any.
	Busy string
}

// Movement is a vessel arrival, departure or shift that needs a pilot.
type Movement struct {
	ID      string
	Vessel  string
	LengthM float64
	DraftM  float64
	Berth   string
	Kind    string // "arrival", "departure", "shift"
	Window  time.Time
}

// Assignment tells a pilot which movement to board.
type Assignment struct {
	PilotID  string
	Movement Movement
	Boarding time.Time
}

func (p *Pilot) qualifies(m Movement, now time.Time, minRest time.Duration) error {
	switch {
	case !p.OnDuty:
		return fmt.Errorf("pilot %s is off watch", p.ID)
	case p.Busy != "":
		return fmt.Errorf("pilot %s is on movement %s", p.ID, p.Busy)
	case m.LengthM > maxLengthFor(p.License):
		return fmt.Errorf("pilot %s (%v) cannot take a %.0f m vessel", p.ID, p.License, m.LengthM)
	case !p.LastReleased.IsZero() && now.Sub(p.LastReleased) < minRest:
		return fmt.Errorf("pilot %s rested only %v", p.ID, now.Sub(p.LastReleased).Round(time.Minute))
	}
	return nil
}
