package feeding

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Item is one component of a ration, e.g. 4000 g of beef on the bone.
type Item struct {
	Food  string
	Grams int
}

// Slot is a daily feeding time, expressed as an offset from local midnight.
type Slot struct {
	At     time.Duration
	Ration []Item
	Days   []time.Weekday
}

func (s Slot) onDay(d time.Weekday) bool {
	if len(s.Days) == 0 {
		return true
	}
	for _, wd := range s.Days {
		if wd == d {
			return true
		}
	}
	return false
}

// EnclosurePlan is the feeding plan for the animals of one enclosure.
type EnclosurePlan struct {
	Enclosure string
	Species   string
	Keeper    string
	Slots     []Slot
	FastDays  []time.Weekday
}

// Plan is the full daily plan approved by the curator and the vets.
type Plan struct {
	Version    string
	Enclosures []EnclosurePlan
}

// Task is a single feeding to be carried out by a keeper.
type Task struct {
	Enclosure string
	Species   string
	Keeper    string
	Due       time.Time
	Ration    []Item
}

func (t Task) key() string {
	return t.Enclosure + "@" + t.Due.Format(time.RFC3339)
}

func (t Task) String() string {
	parts := make([]string, 0, len(t.Ration))
	for _, it := range t.Ration {
		parts = append(parts, fmt.Sprintf("%dg %s", it.Grams, it.Food))
	}
	return fmt.Sprintf("%s %s (%s) -> %s: %s", t.Due.Format("Mon 15:04"), t.Enclosure, t.Species, t.Keeper, strings.Join(parts, ", "))
}

// Validate checks a plan before it is loaded.
func (p Plan) Validate() error {
	if len(p.Enclosures) == 0 {
		return errors.New("feeding: plan has no enclosures")
	}
	seen := make(map[string]bool)
	for _, e := range p.Enclosures {
		if e.Enclosure == "" {
			return errors.New("feeding: enclosure without a name")
		}
		if seen[e.Enclosure] {
			return fmt.Errorf("feeding: enclosure %q listed twice", e.Enclosure)
		}
		seen[e.Enclosure] = true
		if e.Keeper == "" {
			return fmt.Errorf("feeding: enclosure %q has no keeper", e.Enclosure)
		}
		for i, s := range e.Slots {
			if s.At < 0 || s.At >= 24*time.Hour {
				return fmt.Errorf("feeding: %s slot %d at %v is outside the day", e.Enclosure, i, s.At)
			}
			if len(s.Ration) == 0 {
				return fmt.Errorf("feeding: %s slot %d has an empty ration", e.Enclosure, i)
			}
			for _, it := range s.Ration {
				if it.Grams <= 0 {
					return fmt.Errorf("feeding: %s slot %d: %q needs a positive weight", e.Enclosure, i, it.Food)
				}
			}
		}
	}
	return nil
}

func (e EnclosurePlan) fasting(d time.Weekday) bool {
	for _, wd := range e.FastDays {
		if wd == d {
			return true
		}
	}
	return false
}

// tasksOn lists the feedings of the enclosure on the day containing t, in time order.
func (e EnclosurePlan) tasksOn(t time.Time) []Task {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	if e.fasting(day.Weekday()) {
		return nil
	}
	var out []Task
	for _, s := range e.Slots {
		if !s.onDay(day.Weekday()) {
			continue
		}
		out = append(out, Task{
			Enclosure: e.Enclosure,
			Species:   e.Species,
			Keeper:    e.Keeper,
			Due:       day.Add(s.At),
			Ration:    append([]Item(nil), s.Ration...),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out
}
