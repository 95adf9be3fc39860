package shade

import (
	"errors"
	"fmt"
	"sort"
)

// Band maps an irradiance threshold to a screen deployment.
type Band struct {
	// Above is the irradiance, in W/m², from which the band applies.
	Above float64
	// Deploy is the screen position, in percent, for this band.
	Deploy int
}

// Schedule describes how the screens of a set of zones react to light.
type Schedule struct {
	Name  string
	Zones []string
	Bands []Band
}

// Validate checks the schedule and sorts its bands by threshold.
func (s *Schedule) Validate() error {
	if s.Name == "" {
		return errors.New("shade: schedule without a name")
	}
	if len(s.Zones) == 0 {
		return fmt.Errorf("shade: schedule %q has no zones", s.Name)
	}
	seen := make(map[string]bool, len(s.Zones))
	for _, z := range s.Zones {
		if z == "" || seen[z] {
			return fmt.Errorf("shade: schedule %q: bad or duplicate zone %q", s.Name, z)
		}
		seen[z] = true
	}
	for _, b := range s.Bands {
		if b.Deploy < 0 || b.Deploy > 100 {
			return fmt.Errorf("shade: schedule %q: deploy %d out of range", s.Name, b.Deploy)
		}
		if b.Above < 0 {
			return fmt.Errorf("shade: schedule %q: negative threshold", s.Name)
		}
	}
	sort.Slice(s.Bands, func(i, j int) bool { return s.Bands[i].Above < s.Bands[j].Above })
	return nil
}

// Target returns the deployment for the given irradiance. Below the first
// band the screens stay open.
func (s Schedule) Target(irradiance float64) int {
	target := 0
	for _, b := range s.Bands {
		if irradiance < b.Above {
			break
		}
		target = b.Deploy
	}
	return target
}

func (s Schedule) clone() Schedule {
	out := Schedule{Name: s.Name}
	out.Zones = append([]string(nil), s.Zones...)
	out.Bands = append([]Band(nil), s.Bands...)
	return out
}
