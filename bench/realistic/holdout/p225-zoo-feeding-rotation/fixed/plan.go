package feeding

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// ErrNoKeeper is returned when no keeper on the roster can take a feeding.
var ErrNoKeeper = errors.New("feeding: no keeper available")

// ErrUnknownSpecies is returned by diet catalogs for species without a diet sheet.
var ErrUnknownSpecies = errors.New("feeding: unknown species")

// Enclosure is one habitat on the feeding round.
type Enclosure struct {
	ID        string
	Species   string
	Zone      string
	Headcount int
	// Dangerous marks protected-contact species that only certified
	// keepers may feed.
	Dangerous bool
}

// Keeper is a member of staff on the day's roster.
type Keeper struct {
	Name       string
	Zones      []string
	Certified  bool
	ShiftStart time.Duration // offset from midnight
	ShiftEnd   time.Duration
}

func (k Keeper) covers(zone string) bool {
	for _, z := range k.Zones {
		if z == zone {
			return true
		}
	}
	return false
}

func (k Keeper) onShift(at time.Duration) bool {
	return at >= k.ShiftStart && at < k.ShiftEnd
}

// Roster lists the keepers working on a given day.
type Roster struct {
	Day     time.Time // midnight of the roster day
	Keepers []Keeper
}

// Diet is the diet sheet of a species.
type Diet struct {
	Food         string
	GramsPerHead int
	Times        []time.Duration // feeding times as offsets from midnight
}

// Task is a single feeding handed to a keeper.
type Task struct {
	Enclosure string
	Species   string
	Keeper    string
	Due       time.Time
	Food      string
	Grams     int
}

func (t Task) String() string {
	return fmt.Sprintf("%s %s: %d g %s for %s (%s)",
		t.Due.Format("15:04"), t.Enclosure, t.Grams, t.Food, t.Species, t.Keeper)
}

// buildPlan assigns every feeding due at or after from to a keeper,
// balancing the number of feedings per keeper.
func buildPlan(roster Roster, enclosures []Enclosure, diets DietCatalog, from time.Time) ([]Task, error) {
	load := make(map[string]int, len(roster.Keepers))
	var tasks []Task
	for _, enc := range enclosures {
		diet, err := diets.Diet(enc.Species)
		if err != nil {
			return nil, fmt.Errorf("enclosure %s: %w", enc.ID, err)
		}
		for _, at := range diet.Times {
			due := roster.Day.Add(at)
			if due.Before(from) {
				continue
			}
			k, ok := pickKeeper(roster.Keepers, enc, at, load)
			if !ok {
				return nil, fmt.Errorf("%w for %s at %s", ErrNoKeeper, enc.ID, due.Format("15:04"))
			}
			load[k.Name]++
			tasks = append(tasks, Task{
				Enclosure: enc.ID,
				Species:   enc.Species,
				Keeper:    k.Name,
				Due:       due,
				Food:      diet.Food,
				Grams:     diet.GramsPerHead * enc.Headcount,
			})
		}
	}
	sort.SliceStable(tasks, func(i, j int) bool { return tasks[i].Due.Before(tasks[j].Due) })
	return tasks, nil
}

func pickKeeper(keepers []Keeper, enc Enclosure, at time.Duration, load map[string]int) (Keeper, bool) {
	var best Keeper
	found := false
	for _, k := range keepers {
		if !k.onShift(at) || !k.covers(enc.Zone) {
			continue
		}
		if enc.Dangerous && !k.Certified {
			continue
		}
		if !found || load[k.Name] < load[best.Name] {
			best, found = k, true
		}
	}
	return best, found
}
