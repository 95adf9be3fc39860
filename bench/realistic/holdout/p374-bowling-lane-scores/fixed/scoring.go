// Package lanes keeps live ten-pin scores for the lanes of a bowling centre,
// fed by the pinsetters' roll reports.
package lanes

import (
	"errors"
	"fmt"
)

// Errors returned when a roll cannot be recorded.
var (
	ErrInvalidPins = errors.New("lanes: invalid pin count")
	ErrGameOver    = errors.New("lanes: game is over")
)

// Frame is one of the ten frames of a game as shown on the overhead monitor.
type Frame struct {
	Rolls    []int
	Complete bool // no more rolls belong to this frame
	Scored   bool // all bonus rolls are known, Score is final
	Score    int  // running total up to and including this frame
}

// Game is one bowler's ten-pin game.
type Game struct {
	rolls []int
}

// Add records a roll of pins knocked down.
func (g *Game) Add(pins int) error {
	if pins < 0 || pins > 10 {
		return fmt.Errorf("%w: %d", ErrInvalidPins, pins)
	}
	if g.Over() {
		return ErrGameOver
	}
	if standing := g.standing(); pins > standing {
		return fmt.Errorf("%w: %d knocked down but only %d standing", ErrInvalidPins, pins, standing)
	}
	g.rolls = append(g.rolls, pins)
	return nil
}

// Frames returns the frames bowled so far with running totals.
func (g *Game) Frames() []Frame {
	var (
		frames  []Frame
		total   int
		scoring = true
		r       = g.rolls
		i       = 0
	)
	score := func(fr *Frame, points int, known bool) {
		if scoring && known {
			total += points
			fr.Score, fr.Scored = total, true
			return
		}
		scoring = false
	}
	for f := 0; f < 10 && i < len(r); f++ {
		var fr Frame
		switch {
		case f == 9:
			fr.Rolls = append([]int(nil), r[i:]...)
			fr.Complete = tenthComplete(fr.Rolls)
			score(&fr, sum(fr.Rolls), fr.Complete)
			i = len(r)
		case r[i] == 10:
			fr.Rolls, fr.Complete = []int{10}, true
			known := i+2 < len(r)
			if known {
				score(&fr, 10+r[i+1]+r[i+2], true)
			} else {
				score(&fr, 0, false)
			}
			i++
		case i+1 < len(r):
			fr.Rolls, fr.Complete = []int{r[i], r[i+1]}, true
			if r[i]+r[i+1] == 10 {
				known := i+2 < len(r)
				if known {
					score(&fr, 10+r[i+2], true)
				} else {
					score(&fr, 0, false)
				}
			} else {
				score(&fr, r[i]+r[i+1], true)
			}
			i += 2
		default:
			fr.Rolls = []int{r[i]}
			score(&fr, 0, false)
			i++
		}
		frames = append(frames, fr)
	}
	return frames
}

// Score returns the highest final running total.
func (g *Game) Score() int {
	best := 0
	for _, fr := range g.Frames() {
		if fr.Scored {
			best = fr.Score
		}
	}
	return best
}

// Over reports whether all ten frames are complete.
func (g *Game) Over() bool {
	fs := g.Frames()
	return len(fs) == 10 && fs[9].Complete
}

func (g *Game) standing() int {
	fs := g.Frames()
	if len(fs) == 0 || fs[len(fs)-1].Complete {
		return 10
	}
	last := fs[len(fs)-1]
	if len(fs) < 10 {
		return 10 - last.Rolls[0]
	}
	t := last.Rolls
	switch len(t) {
	case 1:
		if t[0] == 10 {
			return 10
		}
		return 10 - t[0]
	case 2:
		if t[0] == 10 && t[1] != 10 {
			return 10 - t[1]
		}
		return 10
	}
	return 10
}

func tenthComplete(t []int) bool {
	return len(t) == 3 || (len(t) == 2 && t[0]+t[1] < 10)
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
