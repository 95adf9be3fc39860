// Package tuning schedules and evaluates pitch measurements for the pipes of
// a pipe organ, one rank at a time.
package tuning

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

var noteNames = [12]string{"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"}

func pitchClass(note int) int { return ((note % 12) + 12) % 12 }

// NoteName returns the scientific pitch name of a MIDI note number,
// for example 60 is "C4".
func NoteName(note int) string {
	return fmt.Sprintf("%s%d", noteNames[pitchClass(note)], note/12-1)
}

// Temperament describes how far, in cents, each pitch class deviates from
// equal temperament when A is held fixed.
type Temperament interface {
	Name() string
	Offset(pitchClass int) float64
}

type equalTemperament struct{}

func (equalTemperament) Name() string       { return "equal" }
func (equalTemperament) Offset(int) float64 { return 0 }

// EqualTemperament divides the octave into twelve identical semitones.
var EqualTemperament Temperament = equalTemperament{}

type tableTemperament struct {
	name  string
	cents [12]float64
}

func (t tableTemperament) Name() string          { return t.name }
func (t tableTemperament) Offset(pc int) float64 { return t.cents[pitchClass(pc)] }

// WerckmeisterIII is Andreas Werckmeister's third well temperament, common
// on restored baroque instruments.
var WerckmeisterIII Temperament = tableTemperament{
	name:  "werckmeister-iii",
	cents: [12]float64{11.7, 1.9, 3.9, 5.9, 1.9, 9.8, 0, 7.8, 3.9, 0, 7.8, 3.9},
}

// Pipe is a single speaking pipe, identified by its rank and the MIDI note
// of the key that sounds it.
type Pipe struct {
	Rank     string
	Note     int
	Silenced bool // pulled for repair or otherwise unable to speak
}

func (p Pipe) String() string { return p.Rank + " " + NoteName(p.Note) }

// Rank is a set of pipes of one tone colour, one per key. Footage gives the
// sounding pitch: 8' sounds at unison, 4' an octave higher, 16' an octave
// lower, 2 2/3' a twelfth higher.
type Rank struct {
	Name    string
	Footage float64
	Pipes   []Pipe
}

// TargetFrequency returns the frequency in Hz a pipe should sound at, given
// the pitch of A4, the key it is played from, the footage of its rank and
// the temperament the organ is set in.
func TargetFrequency(pitchA float64, note int, footage float64, t Temperament) float64 {
	unison := pitchA * math.Pow(2, float64(note-69)/12)
	return unison * (8 / footage) * math.Pow(2, t.Offset(pitchClass(note))/1200)
}

// Cents returns the interval from target to measured in cents; positive
// values are sharp.
func Cents(measured, target float64) float64 {
	return 1200 * math.Log2(measured/target)
}

// Status classifies a reading.
type Status int

const (
	InTune Status = iota
	Flat
	Sharp
	Unmeasured
)

func (s Status) String() string {
	switch s {
	case InTune:
		return "in tune"
	case Flat:
		return "flat"
	case Sharp:
		return "sharp"
	default:
		return "unmeasured"
	}
}

// Reading is the outcome of measuring one pipe.
type Reading struct {
	Pipe     Pipe
	Target   float64
	Measured float64
	Cents    float64
	Status   Status
	Err      error
}

// Report collects the readings of one rank.
type Report struct {
	Rank        string
	Temperament string
	Readings    []Reading
	Skipped     []Pipe
}

// OutOfTune returns the readings that need the tuner's attention, worst first.
func (r Report) OutOfTune() []Reading {
	var out []Reading
	for _, rd := range r.Readings {
		if rd.Status == Flat || rd.Status == Sharp {
			out = append(out, rd)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return math.Abs(out[i].Cents) > math.Abs(out[j].Cents)
	})
	return out
}

// String renders a short worksheet for the tuner.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d measured, %d skipped\n", r.Rank, r.Temperament, len(r.Readings), len(r.Skipped))
	for _, rd := range r.OutOfTune() {
		fmt.Fprintf(&b, "  %-6s %+6.1f cents %s\n", NoteName(rd.Pipe.Note), rd.Cents, rd.Status)
	}
	return b.String()
}
