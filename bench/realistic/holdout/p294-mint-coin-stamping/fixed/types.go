// Package stamping drives the coining presses of a minting line: blanks are
// queued from the annealing furnace, struck by a pool of presses and sent to
// inspection, and worn dies are swapped by the maintenance crew.
package stamping

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Denomination of a coin, in cents.
type Denomination int

// Denominations currently struck at the plant.
const (
	Cent1   Denomination = 1
	Cent5   Denomination = 5
	Cent10  Denomination = 10
	Cent25  Denomination = 25
	Dollar1 Denomination = 100
)

// Spec is the nominal blank spec for a denomination.
type Spec struct {
	MassGrams    float64
	ToleranceG   float64
	StrikeForceK float64 // kN
}

var specs = map[Denomination]Spec{
	Cent1:   {MassGrams: 2.500, ToleranceG: 0.100, StrikeForceK: 400},
	Cent5:   {MassGrams: 5.000, ToleranceG: 0.194, StrikeForceK: 600},
	Cent10:  {MassGrams: 2.268, ToleranceG: 0.091, StrikeForceK: 450},
	Cent25:  {MassGrams: 5.670, ToleranceG: 0.227, StrikeForceK: 700},
	Dollar1: {MassGrams: 8.100, ToleranceG: 0.300, StrikeForceK: 900},
}

// SpecFor returns the blank spec of d.
func SpecFor(d Denomination) (Spec, error) {
	s, ok := specs[d]
	if !ok {
		return Spec{}, fmt.Errorf("stamping: unknown denomination %d", int(d))
	}
	return s, nil
}

// Blank is an annealed, upset planchet waiting to be struck.
type Blank struct {
	Lot          string
	Seq          int
	Denomination Denomination
	MassGrams    float64
}

// Coin is a struck blank.
type Coin struct {
	Blank
	Press     int
	DieSerial string
	DieStrike int
	Force     float64
	StruckAt  time.Time
}

// Grade is the result of inspecting a struck coin.
type Grade int

// Inspection outcomes.
const (
	GradePass Grade = iota
	GradeWeakStrike
	GradeDieCrack
)

// Inspector grades struck coins (vision system on the conveyor).
type Inspector interface {
	Inspect(ctx context.Context, c Coin) (Grade, error)
}

// Output receives the line's production.
type Output interface {
	Accepted(c Coin)
	Rejected(c Coin, reason string)
	Scrapped(b Blank, reason string)
}

// Crew is notified when a press needs its die changed. It acknowledges
// the change later through Line.DieReplaced.
type Crew interface {
	RequestDieChange(press int, dieSerial string, strikes int)
}

// ErrClosed is returned once the line has been shut down.
var ErrClosed = errors.New("stamping: line closed")
