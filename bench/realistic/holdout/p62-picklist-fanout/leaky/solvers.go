package picklist

import (
	"context"
	"sort"
	"sync"
)

// Solver is one routing heuristic.
type Solver interface {
	Name() string
	// Supports reports whether the heuristic can route this list at all.
	Supports(lines []Line) bool
	Solve(ctx context.Context, start Location, lines []Line) (Route, error)
}

// NearestNeighbor always walks to the closest remaining pick face.
type NearestNeighbor struct{}

func (NearestNeighbor) Name() string               { return "nearest-neighbor" }
func (NearestNeighbor) Supports(lines []Line) bool { return true }

func (NearestNeighbor) Solve(ctx context.Context, start Location, lines []Line) (Route, error) {
	left := append([]Line(nil), lines...)
	stops := make([]Line, 0, len(lines))
	at := start
	for len(left) > 0 {
		if err := ctx.Err(); err != nil {
			return Route{}, err
		}
		best := 0
		for i := range left {
			if walk(at, left[i].At) < walk(at, left[best].At) {
				best = i
			}
		}
		stops = append(stops, left[best])
		at = left[best].At
		left = append(left[:best], left[best+1:]...)
	}
	return Route{Stops: stops, Distance: length(start, stops)}, nil
}

// SShape walks every aisle that has a pick end to end, alternating direction.
// It only makes sense inside a single zone.
type SShape struct{}

func (SShape) Name() string { return "s-shape" }

func (SShape) Supports(lines []Line) bool {
	for _, l := range lines {
		if l.At.Zone != lines[0].At.Zone {
			return false
		}
	}
	return len(lines) > 0
}

func (SShape) Solve(ctx context.Context, start Location, lines []Line) (Route, error) {
	stops := append([]Line(nil), lines...)
	sort.Slice(stops, func(i, j int) bool {
		a, b := stops[i].At, stops[j].At
		if a.Aisle != b.Aisle {
			return a.Aisle < b.Aisle
		}
		if a.Aisle%2 == 0 {
			return a.Bay < b.Bay
		}
		return a.Bay > b.Bay
	})
	return Route{Stops: stops, Distance: length(start, stops)}, ctx.Err()
}

type outcome struct {
	solver string
	route  Route
	err    error
}

// race runs every solver that supports the list and delivers their outcomes;
// the channel is closed once all of them have reported.
func race(ctx context.Context, start Location, lines []Line, solvers []Solver) <-chan outcome {
	out := make(chan outcome, len(solvers))
	var wg sync.WaitGroup
	wg.Add(len(solvers))
	for _, s := range solvers {
		if !s.Supports(lines) {
			continue
		}
		go func(s Solver) {
			defer wg.Done()
			r, err := s.Solve(ctx, start, lines)
			out <- outcome{solver: s.Name(), route: r, err: err}
		}(s)
	}
	go func() {
		wg.Wait() // leak: wg counts every solver but goroutines start only for the ones that support the list, so the count never reaches zero
		close(out)
	}()
	return out
}
