package feeding

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Diet is the feed type loaded into a drone hopper.
type Diet string

const (
	DietFlake  Diet = "flake"
	DietPellet Diet = "pellet"
	DietFrozen Diet = "frozen"
	DietKrill  Diet = "krill"
)

// Tank is one exhibit tank served by the feeding drones.
type Tank struct {
	ID       string
	Name     string
	Diet     Diet
	Biomass  float64 // estimated fish biomass in grams
	Rate     float64 // daily ration as a fraction of biomass, e.g. 0.02
	Meals    int     // meals per day
	Fasting  bool    // skip this tank (medication, spawning, ...)
	Priority int     // higher is fed first
}

// Validate checks the tank record coming from the husbandry database.
func (t Tank) Validate() error {
	var problems []string
	if t.ID == "" {
		problems = append(problems, "missing id")
	}
	if t.Biomass < 0 {
		problems = append(problems, "negative biomass")
	}
	if t.Rate < 0 || t.Rate > 0.2 {
		problems = append(problems, fmt.Sprintf("implausible feeding rate %.3f", t.Rate))
	}
	if t.Meals < 1 {
		problems = append(problems, "meals per day must be at least 1")
	}
	if len(problems) > 0 {
		return fmt.Errorf("tank %q: %s", t.ID, strings.Join(problems, "; "))
	}
	return nil
}

// Portion is the amount of feed one drone must drop into one tank.
type Portion struct {
	Tank  Tank
	Grams float64
}

// ErrNothingToFeed is returned when every tank is fasting or empty.
var ErrNothingToFeed = errors.New("feeding: nothing to feed this round")

// BuildPlan turns tank records into portions, highest priority first.
// Portions smaller than minGrams are rounded up so the dispenser auger
// actually turns.
func BuildPlan(tanks []Tank, minGrams float64) ([]Portion, error) {
	plan := make([]Portion, 0, len(tanks))
	for _, t := range tanks {
		if err := t.Validate(); err != nil {
			return nil, err
		}
		if t.Fasting || t.Biomass == 0 {
			continue
		}
		g := t.Biomass * t.Rate / float64(t.Meals)
		g = math.Round(g*10) / 10
		if g < minGrams {
			g = minGrams
		}
		plan = append(plan, Portion{Tank: t, Grams: g})
	}
	if len(plan) == 0 {
		return nil, ErrNothingToFeed
	}
	sort.SliceStable(plan, func(i, j int) bool {
		return plan[i].Tank.Priority > plan[j].Tank.Priority
	})
	return plan, nil
}
