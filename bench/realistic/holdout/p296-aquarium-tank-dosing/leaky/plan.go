// Package dosing runs the periodic supplement dosing of a fish room's reef
// tanks: each cycle measures every tank, plans the doses needed to bring
// alkalinity, calcium and magnesium back to target and runs the pumps.
package dosing

import (
	"fmt"
	"math"
	"sort"
)

// Parameter is a water parameter kept stable by dosing.
type Parameter string

// Dosed parameters.
const (
	Alkalinity Parameter = "alk" // dKH
	Calcium    Parameter = "ca"  // ppm
	Magnesium  Parameter = "mg"  // ppm
)

// Solution describes a dosing solution: StrengthPerML is the rise of the
// parameter in one litre of water per ml of solution.
type Solution struct {
	Parameter     Parameter
	StrengthPerML float64
	Pump          string
}

// Tank is one system of the fish room.
type Tank struct {
	ID           string
	VolumeLitres float64
	Targets      map[Parameter]float64
	Maintenance  bool
}

// Reading is one measurement of a tank.
type Reading struct {
	TankID string
	Values map[Parameter]float64
}

// Dose is one planned or executed pump run.
type Dose struct {
	TankID    string
	Parameter Parameter
	Pump      string
	ML        float64
}

// maxStep bounds how much a parameter may be raised in one cycle, to avoid
// precipitation and stressing livestock.
var maxStep = map[Parameter]float64{
	Alkalinity: 0.5,
	Calcium:    20,
	Magnesium:  50,
}

// plan computes the doses that bring r towards t's targets.
func plan(t Tank, r Reading, solutions map[Parameter]Solution, minML float64) ([]Dose, error) {
	if t.VolumeLitres <= 0 {
		return nil, fmt.Errorf("tank %s: volume not set", t.ID)
	}
	params := make([]Parameter, 0, len(t.Targets))
	for p := range t.Targets {
		params = append(params, p)
	}
	sort.Slice(params, func(i, j int) bool { return params[i] < params[j] })

	var doses []Dose
	for _, p := range params {
		target := t.Targets[p]
		got, ok := r.Values[p]
		if !ok {
			return nil, fmt.Errorf("tank %s: no %s reading", t.ID, p)
		}
		deficit := target - got
		if deficit <= 0 {
			continue
		}
		if step, ok := maxStep[p]; ok && deficit > step {
			deficit = step
		}
		sol, ok := solutions[p]
		if !ok || sol.StrengthPerML <= 0 {
			return nil, fmt.Errorf("tank %s: no solution configured for %s", t.ID, p)
		}
		ml := deficit * t.VolumeLitres / sol.StrengthPerML
		ml = math.Round(ml*10) / 10
		if ml < minML {
			continue
		}
		doses = append(doses, Dose{TankID: t.ID, Parameter: p, Pump: sol.Pump, ML: ml})
	}
	return doses, nil
}
