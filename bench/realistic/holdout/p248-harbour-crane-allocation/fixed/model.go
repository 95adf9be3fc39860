package cranes

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

var (
	ErrNoCrane  = errors.New("no quay crane can reach the vessel")
	ErrConflict = errors.New("quay crane double-booked")
)

// Vessel is a ship call to be worked at a berth.
type Vessel struct {
	IMO     string
	Name    string
	Berth   string
	Arrival time.Time
	// Moves is the number of container lifts (discharge + load).
	Moves int
	// Bow and Stern are the positions of the hull along the quay, in
	// metres from the quay's zero bollard.
	Bow, Stern float64
	// MaxCranes is the number of cranes the stowage plan allows to work
	// in parallel without the booms fouling each other.
	MaxCranes int
}

// Crane is a ship-to-shore gantry crane running on the quay rails.
type Crane struct {
	ID           string
	Position     float64
	MovesPerHour float64
	OutOfService bool
}

// Fleet is the terminal operating system's view of the quay cranes.
type Fleet interface {
	Cranes(ctx context.Context, berth string, at time.Time) ([]Crane, error)
}

// Assignment gives a vessel a set of cranes for a time window.
type Assignment struct {
	Vessel Vessel
	Cranes []string
	Start  time.Time
	End    time.Time
}

func (a Assignment) String() string {
	return fmt.Sprintf("%s %v %s-%s", a.Vessel.Name, a.Cranes, a.Start.Format("Jan 2 15:04"), a.End.Format("Jan 2 15:04"))
}

type booking struct {
	vessel     string
	start, end time.Time
}

// Plan is the crane schedule for a set of ship calls.
type Plan struct {
	Assignments []Assignment
	// Unassigned lists vessels that must wait at anchorage.
	Unassigned []Vessel
	byCrane    map[string][]booking
}

func newPlan() *Plan { return &Plan{byCrane: make(map[string][]booking)} }

// conflict returns the first existing booking that overlaps a on one of
// its cranes.
func (p *Plan) conflict(a Assignment) (string, booking, bool) {
	for _, c := range a.Cranes {
		for _, b := range p.byCrane[c] {
			if a.Start.Before(b.end) && b.start.Before(a.End) {
				return c, b, true
			}
		}
	}
	return "", booking{}, false
}

func (p *Plan) add(a Assignment) {
	for _, c := range a.Cranes {
		p.byCrane[c] = append(p.byCrane[c], booking{vessel: a.Vessel.Name, start: a.Start, end: a.End})
	}
	p.Assignments = append(p.Assignments, a)
}

func (p *Plan) sort() {
	sort.Slice(p.Assignments, func(i, j int) bool {
		return p.Assignments[i].Start.Before(p.Assignments[j].Start)
	})
}

// reach selects the cranes that can serve the hull, nearest to midship
// first, limited to max.
func reach(cranes []Crane, bow, stern, margin float64, max int) []Crane {
	lo, hi := bow, stern
	if lo > hi {
		lo, hi = hi, lo
	}
	mid := (lo + hi) / 2
	var out []Crane
	for _, c := range cranes {
		if c.OutOfService || c.MovesPerHour <= 0 {
			continue
		}
		if c.Position >= lo-margin && c.Position <= hi+margin {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := out[i].Position-mid, out[j].Position-mid
		return di*di < dj*dj
	})
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Position < out[j].Position })
	return out
}
