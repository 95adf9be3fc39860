package inspections

import (
	"fmt"
	"sort"
	"time"
)

// Hive is an entry in the hive register.
type Hive struct {
	ID        string
	Yard      string
	QueenYear int
	Boxes     int
}

// BroodPattern is the inspector's grading of the brood frames.
type BroodPattern int

// Brood pattern grades.
const (
	BroodSolid BroodPattern = iota
	BroodPatchy
	BroodNone
)

// Observation holds what the inspector saw with the hive open.
type Observation struct {
	QueenSeen       bool
	EggsSeen        bool
	Brood           BroodPattern
	QueenCells      int
	FramesOfBees    int
	FramesOfStores  int
	MitesPer100Bees float64
	Temper          string
}

// Action is a follow-up task recommended by an inspection.
type Action string

// Follow-up actions.
const (
	ActionTreatVarroa  Action = "treat for varroa"
	ActionCheckQueen   Action = "check for queenlessness"
	ActionSwarmControl Action = "swarm control"
	ActionFeed         Action = "feed"
	ActionAddSuper     Action = "add super"
	ActionRequeen      Action = "requeen"
)

// Finding is one recommended action and the reason for it.
type Finding struct {
	Action Action
	Note   string
}

// Report is the outcome of one inspection.
type Report struct {
	HiveID      string
	Yard        string
	InspectedAt time.Time
	Temper      string
	Findings    []Finding
}

// Urgent reports whether the hive needs a visit within days.
func (r Report) Urgent() bool {
	for _, f := range r.Findings {
		if f.Action == ActionSwarmControl || f.Action == ActionCheckQueen {
			return true
		}
	}
	return false
}

func assess(h Hive, o Observation, varroaThreshold float64, at time.Time) Report {
	r := Report{HiveID: h.ID, Yard: h.Yard, InspectedAt: at, Temper: o.Temper}
	if r.Temper == "" {
		r.Temper = "calm"
	}
	add := func(a Action, note string, args ...interface{}) {
		r.Findings = append(r.Findings, Finding{Action: a, Note: fmt.Sprintf(note, args...)})
	}

	queenright := o.QueenSeen || o.EggsSeen
	switch {
	case !queenright && o.Brood == BroodNone:
		add(ActionCheckQueen, "no queen, eggs or brood")
	case !queenright:
		add(ActionCheckQueen, "no queen or eggs seen, brood %s", o.Brood)
	case o.Brood == BroodPatchy && h.QueenYear > 0 && at.Year()-h.QueenYear >= 2:
		add(ActionRequeen, "patchy brood from a %d queen", h.QueenYear)
	}
	if o.QueenCells > 0 && queenright {
		add(ActionSwarmControl, "%d queen cells in a queenright colony", o.QueenCells)
	}
	if varroaThreshold > 0 && o.MitesPer100Bees >= varroaThreshold {
		add(ActionTreatVarroa, "%.1f mites per 100 bees (threshold %.1f)", o.MitesPer100Bees, varroaThreshold)
	}
	if o.FramesOfStores < 2 {
		add(ActionFeed, "only %d frames of stores", o.FramesOfStores)
	}
	if h.Boxes > 0 && o.FramesOfBees >= 8*h.Boxes {
		add(ActionAddSuper, "%d frames of bees in %d boxes", o.FramesOfBees, h.Boxes)
	}
	sort.SliceStable(r.Findings, func(i, j int) bool {
		return priority(r.Findings[i].Action) < priority(r.Findings[j].Action)
	})
	return r
}

func priority(a Action) int {
	switch a {
	case ActionSwarmControl:
		return 0
	case ActionCheckQueen:
		return 1
	case ActionTreatVarroa:
		return 2
	case ActionFeed:
		return 3
	default:
		return 4
	}
}

func (b BroodPattern) String() string {
	switch b {
	case BroodSolid:
		return "solid"
	case BroodPatchy:
		return "patchy"
	case BroodNone:
		return "absent"
	}
	return fmt.Sprintf("BroodPattern(%d)", int(b))
}
