// Package scoreboard keeps the live standings of a rodeo and pushes them to
// the arena displays.
package scoreboard

import (
	"errors"
	"fmt"
	"time"
)

// Event is a rodeo discipline.
type Event string

// Disciplines supported by the board.
const (
	BullRiding      Event = "bull-riding"
	SaddleBronc     Event = "saddle-bronc"
	BarrelRacing    Event = "barrel-racing"
	TieDownRoping   Event = "tie-down-roping"
	BarebackRiding  Event = "bareback-riding"
	requiredRideSec       = 8 * time.Second
)

// Timed reports whether the event is won on the clock rather than on
// judges' marks.
func (e Event) Timed() bool {
	return e == BarrelRacing || e == TieDownRoping
}

// Rider is a contestant entered in one or more events.
type Rider struct {
	ID        string
	Name      string
	Hometown  string
	Scratched bool
}

// Run is one go-round by one rider.
type Run struct {
	RiderID string
	Event   Event
	// Marks are the judges' scores, used by rough-stock events.
	Marks []float64
	// RideTime is how long the rider stayed on, for rough-stock events.
	RideTime time.Duration
	// Time is the clocked time for timed events.
	Time time.Duration
	// Penalty is added to Time (knocked barrels, broken barrier).
	Penalty time.Duration
}

// Errors returned by Board.Record.
var (
	ErrUnknownRider = errors.New("scoreboard: unknown rider")
	ErrScratched    = errors.New("scoreboard: rider is scratched")
	ErrClosed       = errors.New("scoreboard: board is closed")
)

// Score is the result of one run. For judged events higher is better; for
// timed events lower is better. A no-score is kept but never ranks.
type Score struct {
	Value   float64
	NoScore bool
}

// ScoreRun computes the score of a run.
func ScoreRun(r Run) (Score, error) {
	if r.Event.Timed() {
		if r.Time <= 0 {
			return Score{NoScore: true}, nil
		}
		return Score{Value: (r.Time + r.Penalty).Seconds()}, nil
	}
	if len(r.Marks) != 2 && len(r.Marks) != 4 {
		return Score{}, fmt.Errorf("scoreboard: %s run needs 2 or 4 marks, got %d", r.Event, len(r.Marks))
	}
	if r.RideTime < requiredRideSec {
		return Score{NoScore: true}, nil
	}
	var sum float64
	for _, m := range r.Marks {
		if m < 0 || m > 50 {
			return Score{}, fmt.Errorf("scoreboard: mark %.1f out of range", m)
		}
		sum += m
	}
	if len(r.Marks) == 4 {
		sum /= 2
	}
	return Score{Value: sum}, nil
}

// better reports whether a ranks ahead of b in event e.
func better(e Event, a, b Score) bool {
	if a.NoScore != b.NoScore {
		return !a.NoScore
	}
	if e.Timed() {
		return a.Value < b.Value
	}
	return a.Value > b.Value
}

// Standing is one line of the leaderboard.
type Standing struct {
	Place int
	Rider string
	Name  string
	Score Score
}

// Leaderboard is the ranked standings of one event.
type Leaderboard struct {
	Event     Event
	Standings []Standing
	Version   uint64
}

// Display is an arena screen or feed that shows leaderboards.
type Display interface {
	Show(boards []Leaderboard) error
}
