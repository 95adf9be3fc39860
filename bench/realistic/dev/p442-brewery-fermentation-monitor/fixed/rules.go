package fermentation

import (
	"fmt"
	"math"
)

// Rule inspects the most recent readings of a tank.
type Rule interface {
	Name() string
	// Window is how many of the latest readings Evaluate needs.
	Window() int
	Evaluate(tank string, recent []Reading) (Alert, bool)
}

// TempBand alerts when the wort leaves the yeast's temperature range.
type TempBand struct {
	MinC, MaxC float64
}

func (TempBand) Name() string { return "temp-band" }
func (TempBand) Window() int  { return 1 }

func (b TempBand) Evaluate(tank string, recent []Reading) (Alert, bool) {
	if len(recent) == 0 {
		return Alert{}, false
	}
	r := recent[len(recent)-1]
	if r.TempC >= b.MinC && r.TempC <= b.MaxC {
		return Alert{}, false
	}
	return Alert{
		Tank:    tank,
		Rule:    b.Name(),
		Message: fmt.Sprintf("temperature %.1f°C outside %.1f-%.1f°C", r.TempC, b.MinC, b.MaxC),
		Reading: r,
	}, true
}

// Stalled alerts when gravity has stopped dropping before reaching the
// expected final gravity.
type Stalled struct {
	Samples      int
	MinDrop      float64
	FinalGravity float64
}

func (Stalled) Name() string  { return "stalled" }
func (s Stalled) Window() int { return s.Samples }

func (s Stalled) Evaluate(tank string, recent []Reading) (Alert, bool) {
	if len(recent) < s.Samples || s.Samples < 2 {
		return Alert{}, false
	}
	first, last := recent[0], recent[len(recent)-1]
	if last.Gravity <= s.FinalGravity+0.002 {
		return Alert{}, false
	}
	drop := first.Gravity - last.Gravity
	if drop >= s.MinDrop {
		return Alert{}, false
	}
	return Alert{
		Tank:    tank,
		Rule:    s.Name(),
		Message: fmt.Sprintf("gravity moved %.4f over %d samples, still at %.3f", drop, len(recent), last.Gravity),
		Reading: last,
	}, true
}

// Finished alerts once gravity has been stable at or under the target for
// a number of samples, meaning the beer is ready to crash.
type Finished struct {
	Target  float64
	Samples int
}

func (Finished) Name() string  { return "finished" }
func (f Finished) Window() int { return f.Samples }

func (f Finished) Evaluate(tank string, recent []Reading) (Alert, bool) {
	if len(recent) < f.Samples {
		return Alert{}, false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range recent {
		lo, hi = math.Min(lo, r.Gravity), math.Max(hi, r.Gravity)
	}
	if hi > f.Target || hi-lo > 0.001 {
		return Alert{}, false
	}
	last := recent[len(recent)-1]
	return Alert{
		Tank:    tank,
		Rule:    f.Name(),
		Message: fmt.Sprintf("terminal gravity %.3f reached", last.Gravity),
		Reading: last,
	}, true
}
