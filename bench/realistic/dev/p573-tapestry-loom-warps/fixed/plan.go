package loom

import (
	"errors"
	"fmt"
	"strings"
)

// Cartoon is the full-size design the weaver follows. Rows are listed from
// the bottom of the tapestry upwards; each rune is a palette key for the
// colour that covers one warp in that row.
type Cartoon struct {
	Rows    []string
	Palette map[rune]string
}

// Width is the number of warps the cartoon spans.
func (c Cartoon) Width() int {
	if len(c.Rows) == 0 {
		return 0
	}
	return len([]rune(c.Rows[0]))
}

// Pass is one weft pass of a single colour across a run of warps.
type Pass struct {
	Row     int
	Yarn    string
	From    int // first warp, inclusive
	To      int // last warp, inclusive
	Leftish bool
}

// Slit is a vertical colour boundary held for several rows; the weaver has
// to sew or interlock it.
type Slit struct {
	Warp     int // boundary lies between Warp and Warp+1
	FromRow  int
	ToRow    int
	Interval int
}

// RunPlan is the ordered work for one weaving run.
type RunPlan struct {
	Passes  []Pass
	Slits   []Slit
	Bobbins map[string]int // passes per yarn
	Tension TensionReport
}

// PlanPasses turns a cartoon into weft passes and finds long slits.
func PlanPasses(c Cartoon) (*RunPlan, error) {
	if len(c.Rows) == 0 {
		return nil, errors.New("loom: empty cartoon")
	}
	width := c.Width()
	plan := &RunPlan{Bobbins: make(map[string]int)}
	open := make(map[int]int) // boundary warp -> row the boundary started
	for r, row := range c.Rows {
		cells := []rune(row)
		if len(cells) != width {
			return nil, fmt.Errorf("loom: row %d is %d warps wide, want %d", r, len(cells), width)
		}
		boundaries := make(map[int]bool)
		start := 0
		for i := 1; i <= width; i++ {
			if i < width && cells[i] == cells[start] {
				continue
			}
			yarn, ok := c.Palette[cells[start]]
			if !ok {
				return nil, fmt.Errorf("loom: row %d: colour %q not in palette", r, cells[start])
			}
			plan.Passes = append(plan.Passes, Pass{Row: r, Yarn: yarn, From: start, To: i - 1, Leftish: r%2 == 1})
			plan.Bobbins[yarn]++
			if i < width {
				boundaries[i-1] = true
			}
			start = i
		}
		for b, since := range open {
			if !boundaries[b] {
				plan.addSlit(b, since, r-1)
				delete(open, b)
			}
		}
		for b := range boundaries {
			if _, ok := open[b]; !ok {
				open[b] = r
			}
		}
	}
	for b, since := range open {
		plan.addSlit(b, since, len(c.Rows)-1)
	}
	return plan, nil
}

const slitMinRows = 4

func (p *RunPlan) addSlit(warp, from, to int) {
	if to-from+1 < slitMinRows {
		return
	}
	p.Slits = append(p.Slits, Slit{Warp: warp, FromRow: from, ToRow: to, Interval: slitMinRows})
}

// String renders the plan the way it is pinned beside the loom.
func (p *RunPlan) String() string {
	var b strings.Builder
	for _, ps := range p.Passes {
		dir := "->"
		if ps.Leftish {
			dir = "<-"
		}
		fmt.Fprintf(&b, "row %3d %s %-12s warps %d-%d\n", ps.Row, dir, ps.Yarn, ps.From, ps.To)
	}
	for _, s := range p.Slits {
		fmt.Fprintf(&b, "slit after warp %d, rows %d-%d: sew every %d rows\n", s.Warp, s.FromRow, s.ToRow, s.Interval)
	}
	return b.String()
}
