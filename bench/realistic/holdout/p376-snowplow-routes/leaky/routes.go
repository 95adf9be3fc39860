// Package plowing plans and tracks snowplow routes for a municipal public
// works department during a storm.
package plowing

import (
	"sort"
	"time"
)

// Priority ranks streets for clearing; lower values are cleared first.
type Priority int

const (
	Emergency   Priority = 1 // hospital access, arterials, bus routes
	Collector   Priority = 2
	Residential Priority = 3
)

// Segment is a stretch of street between two intersections.
type Segment struct {
	ID       string
	Street   string
	LengthKM float64
	Lanes    int
	Priority Priority
}

// LaneKM is the amount of pavement a plow has to cover on the segment.
func (s Segment) LaneKM() float64 {
	lanes := s.Lanes
	if lanes < 1 {
		lanes = 1
	}
	return s.LengthKM * float64(lanes)
}

// Network is the set of plowable segments in the city.
type Network struct {
	segments map[string]Segment
}

// NewNetwork builds a network from segs.
func NewNetwork(segs ...Segment) *Network {
	n := &Network{segments: make(map[string]Segment, len(segs))}
	for _, s := range segs {
		n.segments[s.ID] = s
	}
	return n
}

// Segment looks up a segment by ID.
func (n *Network) Segment(id string) (Segment, bool) {
	s, ok := n.segments[id]
	return s, ok
}

// Route is the ordered list of segments assigned to one plow.
type Route struct {
	PlowID   string
	Segments []string
	Cleared  map[string]time.Time
}

func newRoute(plowID string) *Route {
	return &Route{PlowID: plowID, Cleared: make(map[string]time.Time)}
}

// Remaining returns the segments not yet cleared, in driving order.
func (r *Route) Remaining() []string {
	var out []string
	for _, id := range r.Segments {
		if _, done := r.Cleared[id]; !done {
			out = append(out, id)
		}
	}
	return out
}

func (r *Route) has(id string) bool {
	for _, s := range r.Segments {
		if s == id {
			return true
		}
	}
	return false
}

func (r *Route) remove(id string) {
	for i, s := range r.Segments {
		if s == id {
			r.Segments = append(r.Segments[:i], r.Segments[i+1:]...)
			return
		}
	}
}

func (r *Route) prepend(id string) {
	r.Segments = append([]string{id}, r.Segments...)
}

// Plan assigns every segment of n to one of plows. Segments are handed out
// in priority order, each to the plow with the least lane-km so far, so all
// emergency routes are spread across the fleet before any side street.
func Plan(n *Network, plows []string) map[string]*Route {
	routes := make(map[string]*Route, len(plows))
	load := make(map[string]float64, len(plows))
	for _, p := range plows {
		routes[p] = newRoute(p)
	}
	if len(plows) == 0 {
		return routes
	}
	segs := make([]Segment, 0, len(n.segments))
	for _, s := range n.segments {
		segs = append(segs, s)
	}
	sort.Slice(segs, func(i, j int) bool {
		if segs[i].Priority != segs[j].Priority {
			return segs[i].Priority < segs[j].Priority
		}
		return segs[i].ID < segs[j].ID
	})
	for _, s := range segs {
		best := plows[0]
		for _, p := range plows[1:] {
			if load[p] < load[best] {
				best = p
			}
		}
		routes[best].Segments = append(routes[best].Segments, s.ID)
		load[best] += s.LaneKM()
	}
	return routes
}
