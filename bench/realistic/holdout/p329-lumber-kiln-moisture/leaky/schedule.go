package kiln

import (
	"fmt"
	"time"
)

// Step is one line of a moisture-content based drying schedule. A step is in
// effect while the average moisture content of the charge is above AboveMC.
type Step struct {
	Name       string
	AboveMC    float64
	DryBulbC   float64
	WetBulbC   float64
	FanReverse time.Duration
}

// Depression is the wet-bulb depression of the step in degrees Celsius.
func (s Step) Depression() float64 { return s.DryBulbC - s.WetBulbC }

// Schedule is an ordered list of steps, wettest first.
type Schedule []Step

// HardwoodSchedule is a conservative schedule for 4/4 red oak.
func HardwoodSchedule() Schedule {
	return Schedule{
		{Name: "T4-1", AboveMC: 50, DryBulbC: 43.5, WetBulbC: 41.0, FanReverse: 6 * time.Hour},
		{Name: "T4-2", AboveMC: 40, DryBulbC: 43.5, WetBulbC: 40.0, FanReverse: 6 * time.Hour},
		{Name: "T4-3", AboveMC: 35, DryBulbC: 43.5, WetBulbC: 38.0, FanReverse: 4 * time.Hour},
		{Name: "T4-4", AboveMC: 30, DryBulbC: 43.5, WetBulbC: 35.0, FanReverse: 4 * time.Hour},
		{Name: "T4-5", AboveMC: 25, DryBulbC: 49.0, WetBulbC: 38.0, FanReverse: 3 * time.Hour},
		{Name: "T4-6", AboveMC: 20, DryBulbC: 54.5, WetBulbC: 38.0, FanReverse: 3 * time.Hour},
		{Name: "T4-7", AboveMC: 15, DryBulbC: 60.0, WetBulbC: 38.0, FanReverse: 3 * time.Hour},
		{Name: "T4-8", AboveMC: 0, DryBulbC: 71.0, WetBulbC: 49.0, FanReverse: 2 * time.Hour},
	}
}

// Validate checks that the steps are ordered wettest first and physically
// sensible.
func (s Schedule) Validate() error {
	if len(s) == 0 {
		return fmt.Errorf("kiln: empty drying schedule")
	}
	for i, st := range s {
		if st.WetBulbC > st.DryBulbC {
			return fmt.Errorf("kiln: step %q: wet bulb %.1f above dry bulb %.1f", st.Name, st.WetBulbC, st.DryBulbC)
		}
		if i > 0 && st.AboveMC >= s[i-1].AboveMC {
			return fmt.Errorf("kiln: step %q is not drier than %q", st.Name, s[i-1].Name)
		}
	}
	return nil
}

// StepFor returns the index of the step that applies at the given average
// moisture content.
func (s Schedule) StepFor(mc float64) int {
	for i, st := range s {
		if mc > st.AboveMC {
			return i
		}
	}
	return len(s) - 1
}
