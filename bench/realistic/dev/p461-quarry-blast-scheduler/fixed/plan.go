package blast

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// Hole is a single charged blast hole on the bench.
type Hole struct {
	ID       string
	X, Y     float64 // site grid, metres
	DepthM   float64
	ChargeKg float64
	DelayMs  int // nominal detonator delay
}

// Structure is a receptor whose peak particle velocity is regulated.
type Structure struct {
	Name     string
	X, Y     float64
	LimitPPV float64 // mm/s
}

// Plan is a proposed blast submitted by the shot firer.
type Plan struct {
	ID       string
	Bench    string
	Holes    []Hole
	Duration time.Duration // time the exclusion zone is held
}

// Validate checks the plan for obvious data-entry problems.
func (p Plan) Validate() error {
	if p.ID == "" {
		return errors.New("plan has no id")
	}
	if len(p.Holes) == 0 {
		return fmt.Errorf("plan %s: no holes", p.ID)
	}
	seen := make(map[string]bool, len(p.Holes))
	for _, h := range p.Holes {
		if seen[h.ID] {
			return fmt.Errorf("plan %s: duplicate hole %s", p.ID, h.ID)
		}
		seen[h.ID] = true
		if h.ChargeKg <= 0 {
			return fmt.Errorf("plan %s: hole %s has no charge", p.ID, h.ID)
		}
		if h.DelayMs < 0 {
			return fmt.Errorf("plan %s: hole %s has negative delay", p.ID, h.ID)
		}
	}
	return nil
}

// delayGroup is the set of holes that detonate inside one
// instantaneous-charge window and therefore act as a single charge.
type delayGroup struct {
	StartMs int
	Holes   []Hole
}

// MIC is the maximum instantaneous charge of the group.
func (g delayGroup) MIC() float64 {
	var total float64
	for _, h := range g.Holes {
		total += h.ChargeKg
	}
	return total
}

// nearest returns the smallest distance from any hole of the group to s.
func (g delayGroup) nearest(s Structure) float64 {
	best := math.Inf(1)
	for _, h := range g.Holes {
		d := math.Hypot(h.X-s.X, h.Y-s.Y)
		if d < best {
			best = d
		}
	}
	return best
}

// groupByDelay splits holes into windows of windowMs milliseconds.
func groupByDelay(holes []Hole, windowMs int) []delayGroup {
	sorted := append([]Hole(nil), holes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].DelayMs < sorted[j].DelayMs })

	var groups []delayGroup
	for _, h := range sorted {
		n := len(groups)
		if n > 0 && h.DelayMs-groups[n-1].StartMs < windowMs {
			groups[n-1].Holes = append(groups[n-1].Holes, h)
			continue
		}
		groups = append(groups, delayGroup{StartMs: h.DelayMs, Holes: []Hole{h}})
	}
	return groups
}
