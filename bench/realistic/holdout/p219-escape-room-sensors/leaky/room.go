package escaperoom

import (
	"errors"
	"fmt"
	"time"
)

// Reading is a state report published by a prop's sensor node.
type Reading struct {
	RoomID string
	Sensor string
	Value  string
	At     time.Time
}

// Condition is satisfied while a sensor reports the wanted value.
type Condition struct {
	Sensor string
	Want   string
}

// PuzzleDef describes one puzzle and the prop it opens when solved.
type PuzzleDef struct {
	ID         string
	Name       string
	Conditions []Condition
	Unlocks    string
}

// RoomDef is the static layout of a room.
type RoomDef struct {
	ID        string
	Name      string
	TimeLimit time.Duration
	Puzzles   []PuzzleDef
}

func (d RoomDef) validate() error {
	if d.ID == "" {
		return errors.New("escaperoom: room id is required")
	}
	if len(d.Puzzles) == 0 {
		return fmt.Errorf("escaperoom: room %s has no puzzles", d.ID)
	}
	seen := make(map[string]bool)
	for _, p := range d.Puzzles {
		if p.ID == "" || len(p.Conditions) == 0 {
			return fmt.Errorf("escaperoom: room %s: puzzle %q is incomplete", d.ID, p.ID)
		}
		if seen[p.ID] {
			return fmt.Errorf("escaperoom: room %s: duplicate puzzle %s", d.ID, p.ID)
		}
		seen[p.ID] = true
	}
	return nil
}

// EventKind classifies game events shown on the game master console.
type EventKind int

const (
	PuzzleSolved EventKind = iota + 1
	RoomEscaped
	TimeUp
)

func (k EventKind) String() string {
	switch k {
	case PuzzleSolved:
		return "puzzle-solved"
	case RoomEscaped:
		return "room-escaped"
	case TimeUp:
		return "time-up"
	}
	return fmt.Sprintf("event(%d)", int(k))
}

// Event is emitted when the game state changes.
type Event struct {
	Kind     EventKind
	RoomID   string
	PuzzleID string
	Unlocks  string
	At       time.Time
	Elapsed  time.Duration
}

var (
	errUnknownSensor = errors.New("sensor is not wired to any puzzle")
	errStaleReading  = errors.New("reading is older than the last known state")
	errRoomFinished  = errors.New("game already finished")
)

type sensorState struct {
	value string
	at    time.Time
}

type room struct {
	def        RoomDef
	startedAt  time.Time
	finishedAt time.Time
	sensors    map[string]sensorState
	solved     map[string]time.Time
	bySensor   map[string][]int
	ignored    int
}

func newRoom(def RoomDef, start time.Time) *room {
	rm := &room{def: def, bySensor: make(map[string][]int)}
	for i, p := range def.Puzzles {
		for _, c := range p.Conditions {
			rm.bySensor[c.Sensor] = append(rm.bySensor[c.Sensor], i)
		}
	}
	rm.reset(start)
	return rm
}

func (rm *room) reset(start time.Time) {
	rm.startedAt = start
	rm.finishedAt = time.Time{}
	rm.sensors = make(map[string]sensorState)
	rm.solved = make(map[string]time.Time)
	rm.ignored = 0
}

func (rm *room) satisfied(p PuzzleDef) bool {
	for _, c := range p.Conditions {
		if rm.sensors[c.Sensor].value != c.Want {
			return false
		}
	}
	return true
}

func (rm *room) apply(r Reading) ([]Event, error) {
	puzzles, ok := rm.bySensor[r.Sensor]
	if !ok {
		return nil, fmt.Errorf("%w: %s", errUnknownSensor, r.Sensor)
	}
	if !rm.finishedAt.IsZero() {
		return nil, errRoomFinished
	}
	if prev, ok := rm.sensors[r.Sensor]; ok && r.At.Before(prev.at) {
		return nil, errStaleReading
	}
	if rm.def.TimeLimit > 0 && r.At.Sub(rm.startedAt) > rm.def.TimeLimit {
		rm.finishedAt = r.At
		return []Event{{Kind: TimeUp, RoomID: rm.def.ID, At: r.At, Elapsed: r.At.Sub(rm.startedAt)}}, nil
	}
	rm.sensors[r.Sensor] = sensorState{value: r.Value, at: r.At}

	var events []Event
	for _, i := range puzzles {
		p := rm.def.Puzzles[i]
		if _, done := rm.solved[p.ID]; done || !rm.satisfied(p) {
			continue
		}
		rm.solved[p.ID] = r.At
		events = append(events, Event{Kind: PuzzleSolved, RoomID: rm.def.ID, PuzzleID: p.ID, Unlocks: p.Unlocks, At: r.At, Elapsed: r.At.Sub(rm.startedAt)})
	}
	if len(rm.solved) == len(rm.def.Puzzles) {
		rm.finishedAt = r.At
		events = append(events, Event{Kind: RoomEscaped, RoomID: rm.def.ID, At: r.At, Elapsed: r.At.Sub(rm.startedAt)})
	}
	return events, nil
}
