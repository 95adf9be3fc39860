package scoresync

import (
	"errors"
	"fmt"
	"sort"
)

// Position is a place in the score, as tracked from the conductor's beat.
type Position struct {
	Movement int
	Bar      int
	Beat     int
}

// Before reports whether p comes strictly before q in performance order.
func (p Position) Before(q Position) bool {
	if p.Movement != q.Movement {
		return p.Movement < q.Movement
	}
	if p.Bar != q.Bar {
		return p.Bar < q.Bar
	}
	return p.Beat < q.Beat
}

func (p Position) String() string {
	return fmt.Sprintf("mvt %d bar %d beat %d", p.Movement, p.Bar, p.Beat)
}

// Movement describes one movement of a work.
type Movement struct {
	Number      int
	Title       string
	Bars        int
	BeatsPerBar int
}

// Turn marks the first bar of a new page in a part.
type Turn struct {
	Movement int
	Bar      int
}

// Part is the music one section reads from, with its own page layout.
type Part struct {
	Name  string
	Turns []Turn
}

// Score is a work as laid out for the orchestra.
type Score struct {
	Title     string
	Movements []Movement
	Parts     map[string]*Part
}

// ErrOutOfScore is returned for positions that do not exist in the score.
var ErrOutOfScore = errors.New("scoresync: position outside score")

// Validate checks a score for structural problems before a session starts.
func (s *Score) Validate() error {
	if len(s.Movements) == 0 {
		return fmt.Errorf("scoresync: score %q has no movements", s.Title)
	}
	for i, m := range s.Movements {
		if m.Number != i+1 || m.Bars <= 0 || m.BeatsPerBar <= 0 {
			return fmt.Errorf("scoresync: score %q: bad movement %d", s.Title, m.Number)
		}
	}
	for name, p := range s.Parts {
		sorted := sort.SliceIsSorted(p.Turns, func(i, j int) bool {
			a := Position{Movement: p.Turns[i].Movement, Bar: p.Turns[i].Bar}
			b := Position{Movement: p.Turns[j].Movement, Bar: p.Turns[j].Bar}
			return a.Before(b)
		})
		if !sorted {
			return fmt.Errorf("scoresync: part %q: page turns out of order", name)
		}
	}
	return nil
}

func (s *Score) movement(n int) (Movement, bool) {
	if n < 1 || n > len(s.Movements) {
		return Movement{}, false
	}
	return s.Movements[n-1], true
}

// Check returns ErrOutOfScore if pos does not exist in the score.
func (s *Score) Check(pos Position) error {
	m, ok := s.movement(pos.Movement)
	if !ok || pos.Bar < 1 || pos.Bar > m.Bars || pos.Beat < 1 || pos.Beat > m.BeatsPerBar {
		return fmt.Errorf("%w: %s", ErrOutOfScore, pos)
	}
	return nil
}

// PageAt returns the page of part that should be on the stand at pos. With a
// lead of n beats, the page is turned n beats before its first bar.
func (s *Score) PageAt(part *Part, pos Position, lead int) int {
	m, ok := s.movement(pos.Movement)
	if !ok {
		return 1
	}
	look := pos
	look.Beat += lead
	for look.Beat > m.BeatsPerBar {
		look.Beat -= m.BeatsPerBar
		look.Bar++
	}
	if look.Bar > m.Bars {
		look = Position{Movement: pos.Movement + 1, Bar: 1, Beat: look.Beat}
	}
	page := 1
	for _, t := range part.Turns {
		if look.Before(Position{Movement: t.Movement, Bar: t.Bar, Beat: 1}) {
			break
		}
		page++
	}
	return page
}
