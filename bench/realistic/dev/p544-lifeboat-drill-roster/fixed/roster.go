package drill

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Role is a crew member's duty at a muster station.
type Role string

// Roles on the muster list.
const (
	Coxswain Role = "coxswain"
	Deputy   Role = "deputy"
	Crew     Role = "crew"
	Warden   Role = "warden" // passenger control
)

// CrewMember is one line of the muster list.
type CrewMember struct {
	ID   string
	Name string
	Role Role
}

// Station is a lifeboat or rescue boat with its assigned crew.
type Station struct {
	Boat     string
	Deck     int
	Side     string // "port" or "starboard"
	Capacity int
	Crew     []CrewMember
}

// Roster is the vessel's muster list.
type Roster struct {
	Vessel   string
	Stations []Station
}

// Validate checks the rules of the muster list: every station has a
// coxswain, nobody is assigned twice and no boat is over capacity.
func (r *Roster) Validate() error {
	if len(r.Stations) == 0 {
		return errors.New("roster: no stations")
	}
	seen := make(map[string]string)
	for _, st := range r.Stations {
		if len(st.Crew) > st.Capacity {
			return fmt.Errorf("roster: %s: %d crew for capacity %d", st.Boat, len(st.Crew), st.Capacity)
		}
		cox := false
		for _, m := range st.Crew {
			if other, dup := seen[m.ID]; dup {
				return fmt.Errorf("roster: %s (%s) assigned to %s and %s", m.Name, m.ID, other, st.Boat)
			}
			seen[m.ID] = st.Boat
			cox = cox || m.Role == Coxswain
		}
		if !cox {
			return fmt.Errorf("roster: %s has no coxswain", st.Boat)
		}
	}
	return nil
}

// BoatStatus is what the station officer reports after inspecting a boat.
type BoatStatus struct {
	EngineStarted bool
	DavitChecked  bool
	Remarks       string
}

// HazardError is reported when an inspection finds the boat unsafe; the
// drill must be suspended.
type HazardError struct {
	Boat   string
	Detail string
}

func (e *HazardError) Error() string { return fmt.Sprintf("hazard at %s: %s", e.Boat, e.Detail) }

// Badges is the muster-card reader network.
type Badges interface {
	// WaitCheckIn blocks until crewID scans at boat's reader and returns the
	// scan time, or ErrNotSeen when the station closes the list.
	WaitCheckIn(ctx context.Context, boat, crewID string) (time.Time, error)
}

// Inspector records the boat inspection done by the station officer.
type Inspector interface {
	Inspect(ctx context.Context, boat string) (BoatStatus, error)
}

// Announcer is the public address system.
type Announcer interface {
	Announce(ctx context.Context, msg string) error
}

// Errors returned by the drill.
var (
	ErrNotSeen     = errors.New("drill: crew member not seen at station")
	ErrDrillHalted = errors.New("drill: halted")
)
