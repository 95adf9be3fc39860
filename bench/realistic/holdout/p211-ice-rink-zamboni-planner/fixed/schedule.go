package zamboni

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Resurface is a planned pass of a machine over a sheet.
type Resurface struct {
	Sheet   string
	Machine string
	Start   time.Time
	End     time.Time
	Before  string
	Reason  string
}

// Conflict is a gap between bookings too short to resurface in.
type Conflict struct {
	Sheet  string
	After  string
	Before string
	Gap    time.Duration
	Need   time.Duration
}

func (c Conflict) String() string {
	return fmt.Sprintf("%s: %s -> %s has %s, needs %s", c.Sheet, c.After, c.Before, c.Gap, c.Need)
}

// SheetPlan is the resurfacing plan for one sheet of ice.
type SheetPlan struct {
	Sheet      string
	Sessions   int
	Resurfaces []Resurface
	Conflicts  []Conflict
}

// DayPlan is the resurfacing plan for the whole facility.
type DayPlan struct {
	Day    time.Time
	Sheets []SheetPlan
}

// Resurfaces returns every planned pass across sheets, in time order.
func (d *DayPlan) Resurfaces() []Resurface {
	var all []Resurface
	for _, s := range d.Sheets {
		all = append(all, s.Resurfaces...)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Start.Equal(all[j].Start) {
			return all[i].Sheet < all[j].Sheet
		}
		return all[i].Start.Before(all[j].Start)
	})
	return all
}

// Conflicts returns all conflicts across sheets.
func (d *DayPlan) Conflicts() []Conflict {
	var all []Conflict
	for _, s := range d.Sheets {
		all = append(all, s.Conflicts...)
	}
	return all
}

// MachineClashes returns passes that need the same machine at the same time.
func (d *DayPlan) MachineClashes() [][2]Resurface {
	byMachine := map[string][]Resurface{}
	for _, r := range d.Resurfaces() {
		byMachine[r.Machine] = append(byMachine[r.Machine], r)
	}
	var clashes [][2]Resurface
	for _, rs := range byMachine {
		for i := 1; i < len(rs); i++ {
			if rs[i].Start.Before(rs[i-1].End) {
				clashes = append(clashes, [2]Resurface{rs[i-1], rs[i]})
			}
		}
	}
	return clashes
}

// Format renders the plan as a driver's run sheet.
func (d *DayPlan) Format() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Resurfacing plan for %s\n", d.Day.Format("Mon 2 Jan 2006"))
	for _, r := range d.Resurfaces() {
		fmt.Fprintf(&b, "  %s-%s  %-6s %-8s before %s (%s)\n",
			r.Start.Format("15:04"), r.End.Format("15:04"), r.Sheet, r.Machine, r.Before, r.Reason)
	}
	for _, c := range d.Conflicts() {
		fmt.Fprintf(&b, "  CONFLICT %s\n", c)
	}
	return b.String()
}
