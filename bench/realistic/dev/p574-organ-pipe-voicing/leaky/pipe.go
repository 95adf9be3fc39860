// Package voicing runs a voicing bench for flue pipes: each pipe is sounded
// on the bench, analysed, and given a concrete adjustment for the voicer.
package voicing

import (
	"fmt"
	"math"
	"time"
)

// Pipe is a single flue pipe taken off the chest for voicing.
type Pipe struct {
	Rank  string
	Note  int     // MIDI note number of the key that plays it
	Mouth float64 // mouth width in mm
	CutUp float64 // cut-up height in mm
}

// Rank is a set of pipes of one stop, in keyboard order.
type Rank struct {
	Name    string
	Footage float64 // 8 for unison pitch, 4 for octave, 16 for sub-octave
	Pipes   []Pipe
}

// Measurement is what the analyser hears when a pipe speaks on the bench.
type Measurement struct {
	Fundamental float64       // Hz
	Brightness  float64       // energy of 2nd harmonic relative to fundamental
	Speech      time.Duration // time from wind-on to stable tone
}

// Action is the physical change the voicer should make.
type Action int

// Voicing actions, from least to most invasive.
const (
	Leave Action = iota
	TuneUp
	TuneDown
	RaiseCutUp
	LowerLanguid
	Nick
)

func (a Action) String() string {
	switch a {
	case Leave:
		return "leave"
	case TuneUp:
		return "tune up (close cone)"
	case TuneDown:
		return "tune down (open cone)"
	case RaiseCutUp:
		return "raise cut-up"
	case LowerLanguid:
		return "lower languid"
	case Nick:
		return "nick languid"
	}
	return fmt.Sprintf("action(%d)", int(a))
}

// Adjustment is the verdict for one pipe.
type Adjustment struct {
	Pipe   Pipe
	Cents  float64
	Action Action
	Detail string
}

// TargetFrequency returns the frequency the pipe should sound at, given
// the bench reference pitch for A4 and the rank's footage.
func TargetFrequency(note int, pitchA4, footage float64) float64 {
	unison := pitchA4 * math.Pow(2, float64(note-69)/12)
	return unison * 8 / footage
}

// Cents is the interval from target to measured, in cents.
func Cents(measured, target float64) float64 {
	return 1200 * math.Log2(measured/target)
}

type thresholds struct {
	pitchA4    float64
	cents      float64
	brightness float64
	speech     time.Duration
}

func assess(p Pipe, footage float64, m Measurement, th thresholds) (Adjustment, error) {
	if m.Fundamental <= 0 {
		return Adjustment{}, fmt.Errorf("voicing: %s note %d did not speak", p.Rank, p.Note)
	}
	target := TargetFrequency(p.Note, th.pitchA4, footage)
	adj := Adjustment{Pipe: p, Cents: Cents(m.Fundamental, target)}
	switch {
	case m.Brightness > th.brightness && p.CutUp > 0:
		adj.Action = RaiseCutUp
		adj.Detail = fmt.Sprintf("overblowing tendency, 2nd harmonic at %.0f%%", m.Brightness*100)
	case m.Speech > th.speech:
		adj.Action = Nick
		adj.Detail = fmt.Sprintf("slow speech %v", m.Speech.Round(time.Millisecond))
	case adj.Cents < -th.cents:
		adj.Action = TuneUp
		adj.Detail = fmt.Sprintf("%.1f cents flat", -adj.Cents)
	case adj.Cents > th.cents:
		adj.Action = TuneDown
		adj.Detail = fmt.Sprintf("%.1f cents sharp", adj.Cents)
	default:
		adj.Action = Leave
	}
	return adj, nil
}
