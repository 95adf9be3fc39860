// Package press tracks pneumatic press cycles in a winery press house:
// every press streams readings for the load it is pressing, and each
// finished cycle is summarised into juice fractions for the cellar journal.
package press

import (
	"fmt"
	"math"
	"time"
)

// Fraction is a juice cut taken during a press cycle.
type Fraction int

// Juice fractions in the order they leave the press.
const (
	FreeRun Fraction = iota
	Cuvee
	Taille
	Presse
	numFractions
)

func (f Fraction) String() string {
	switch f {
	case FreeRun:
		return "free-run"
	case Cuvee:
		return "cuvée"
	case Taille:
		return "taille"
	case Presse:
		return "presse"
	}
	return fmt.Sprintf("fraction(%d)", int(f))
}

// Cuts are the membrane setpoints (bar) at which the cellar hand switches
// the juice to the next tank.
type Cuts struct {
	FreeRunMax float64
	CuveeMax   float64
	TailleMax  float64
}

func (c Cuts) fraction(setpoint float64) Fraction {
	switch {
	case setpoint < c.FreeRunMax:
		return FreeRun
	case setpoint <= c.CuveeMax:
		return Cuvee
	case setpoint <= c.TailleMax:
		return Taille
	}
	return Presse
}

// Load describes the fruit tipped into the press.
type Load struct {
	Block   string
	Variety string
	Kg      float64
}

func (l Load) validate() error {
	if l.Block == "" || l.Variety == "" {
		return fmt.Errorf("press: load needs block and variety")
	}
	if l.Kg <= 0 || l.Kg > 20000 {
		return fmt.Errorf("press: implausible load of %.0f kg", l.Kg)
	}
	return nil
}

// Reading is one sample from the press PLC and the juice tray flow meter.
type Reading struct {
	At       time.Time
	Setpoint float64 // bar requested for this program step
	Bar      float64 // membrane pressure measured
	Litres   float64 // juice since previous reading
	Brix     float64
	PH       float64
}

// FractionTotal is the juice collected in one fraction.
type FractionTotal struct {
	Fraction Fraction
	Litres   float64
	Brix     float64 // volume-weighted
	PH       float64 // volume-weighted
}

// Summary is the journal entry for one cycle.
type Summary struct {
	Cycle          string
	Press          string
	Load           Load
	Started        time.Time
	Finished       time.Time
	Fractions      []FractionTotal
	Litres         float64
	LitresPerTonne float64
	Aborted        string
}

type accumulator struct {
	cuts   Cuts
	litres [numFractions]float64
	brix   [numFractions]float64
	ph     [numFractions]float64
	first  time.Time
	last   time.Time
}

func (a *accumulator) add(rd Reading) {
	if a.first.IsZero() {
		a.first = rd.At
	}
	a.last = rd.At
	if rd.Litres <= 0 {
		return
	}
	f := a.cuts.fraction(rd.Setpoint)
	a.litres[f] += rd.Litres
	a.brix[f] += rd.Brix * rd.Litres
	a.ph[f] += rd.PH * rd.Litres
}

func (a *accumulator) summary(run *cycleRun) Summary {
	s := Summary{Cycle: run.id, Press: run.press, Load: run.load, Started: a.first, Finished: a.last}
	for f := FreeRun; f < numFractions; f++ {
		l := a.litres[f]
		if l == 0 {
			continue
		}
		s.Fractions = append(s.Fractions, FractionTotal{
			Fraction: f,
			Litres:   l,
			Brix:     round1(a.brix[f] / l),
			PH:       math.Round(a.ph[f]/l*100) / 100,
		})
		s.Litres += l
	}
	s.LitresPerTonne = math.Round(s.Litres / run.load.Kg * 1000)
	return s
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
