// Package picklist orders the lines of a warehouse pick list into a short
// walking route by racing several routing heuristics against a time budget.
package picklist

import "fmt"

// Location is a pick face: a zone of the building, an aisle and a bay.
type Location struct {
	Zone  string
	Aisle int
	Bay   int
}

func (l Location) String() string { return fmt.Sprintf("%s-%02d-%03d", l.Zone, l.Aisle, l.Bay) }

// Line is one line of a pick list.
type Line struct {
	SKU string
	Qty int
	At  Location
}

// Route is an ordered walk through the pick faces of a list.
type Route struct {
	Stops    []Line
	Distance int
	Solver   string
}

// zoneChange is what it costs to walk between zones through the main aisle.
const zoneChange = 60

// walk returns the walking distance between two pick faces, in bay widths.
func walk(a, b Location) int {
	if a.Zone != b.Zone {
		return zoneChange + a.Bay + b.Bay
	}
	if a.Aisle == b.Aisle {
		return abs(a.Bay - b.Bay)
	}
	// leave the aisle at the front, walk across, enter the next one
	return a.Bay + b.Bay + 3*abs(a.Aisle-b.Aisle)
}

func length(start Location, stops []Line) int {
	d, at := 0, start
	for _, s := range stops {
		d += walk(at, s.At)
		at = s.At
	}
	return d + walk(at, start)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
