package lehr

import (
	"fmt"
	"math"
	"time"
)

// Glass is the composition family of a batch of ware.
type Glass int

const (
	SodaLime Glass = iota
	Borosilicate
	LeadCrystal
)

func (g Glass) String() string {
	switch g {
	case SodaLime:
		return "soda-lime"
	case Borosilicate:
		return "borosilicate"
	case LeadCrystal:
		return "lead-crystal"
	}
	return fmt.Sprintf("glass(%d)", int(g))
}

type glassProps struct {
	annealC   float64 // annealing point, viscosity 10^13 poise
	strainC   float64 // strain point, viscosity 10^14.5 poise
	expansion float64 // thermal expansion relative to soda-lime
}

var props = map[Glass]glassProps{
	SodaLime:     {annealC: 548, strainC: 511, expansion: 1.0},
	Borosilicate: {annealC: 560, strainC: 518, expansion: 0.36},
	LeadCrystal:  {annealC: 435, strainC: 395, expansion: 1.05},
}

// Schedule is the thermal programme a lehr runs for one batch.
type Schedule struct {
	AnnealC      float64
	StrainC      float64
	Soak         time.Duration
	SlowCoolRate float64 // °C per minute from anneal to strain point
	FastCoolRate float64 // °C per minute from strain point to exit
	Total        time.Duration
}

// Batch is a run of identical ware coming off a forming machine.
type Batch struct {
	ID     string
	Glass  Glass
	WallMM float64
	Pieces int
	Formed time.Time
}

const exitC = 40

// ScheduleFor derives an annealing schedule from glass type and the thickest
// wall section. Soak grows with the square of the wall thickness; cooling
// rates shrink with it and with the glass's thermal expansion.
func ScheduleFor(b Batch) (Schedule, error) {
	p, ok := props[b.Glass]
	if !ok {
		return Schedule{}, fmt.Errorf("lehr: batch %s: unknown glass %v", b.ID, b.Glass)
	}
	if b.WallMM <= 0 || b.WallMM > 40 {
		return Schedule{}, fmt.Errorf("lehr: batch %s: wall %.1f mm out of range", b.ID, b.WallMM)
	}
	soakMin := math.Max(5, 1.2*b.WallMM*b.WallMM)
	slow := 6.0 / (b.WallMM * b.WallMM * p.expansion)
	fast := 2 * slow
	slowMin := (p.annealC - p.strainC) / slow
	fastMin := (p.strainC - exitC) / fast
	total := soakMin + slowMin + fastMin
	return Schedule{
		AnnealC:      p.annealC,
		StrainC:      p.strainC,
		Soak:         time.Duration(soakMin * float64(time.Minute)),
		SlowCoolRate: slow,
		FastCoolRate: fast,
		Total:        time.Duration(total * float64(time.Minute)),
	}, nil
}
