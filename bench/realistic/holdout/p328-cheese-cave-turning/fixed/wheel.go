package cave

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Wheel is one cheese on the aging shelves.
type Wheel struct {
	ID         string
	Style      string
	Shelf      int
	Slot       int
	MadeOn     time.Time
	LastTurned time.Time
	Turns      int
	Missed     int
}

func (w Wheel) validate(shelves, slots int) error {
	switch {
	case w.ID == "":
		return errors.New("cave: wheel has no id")
	case w.Shelf < 1 || w.Shelf > shelves:
		return fmt.Errorf("cave: wheel %s on shelf %d, cave has %d shelves", w.ID, w.Shelf, shelves)
	case w.Slot < 1 || w.Slot > slots:
		return fmt.Errorf("cave: wheel %s in slot %d, shelves have %d slots", w.ID, w.Slot, slots)
	case w.MadeOn.IsZero():
		return fmt.Errorf("cave: wheel %s has no make date", w.ID)
	}
	return nil
}

// interval is how often a wheel of this age needs turning: daily while the
// rind forms, every other day until two months, weekly after that.
func (w Wheel) interval(now time.Time) time.Duration {
	age := now.Sub(w.MadeOn)
	switch {
	case age < 14*24*time.Hour:
		return 24 * time.Hour
	case age < 60*24*time.Hour:
		return 48 * time.Hour
	default:
		return 7 * 24 * time.Hour
	}
}

func (w Wheel) due(now time.Time) bool {
	if w.LastTurned.IsZero() {
		return true
	}
	return now.Sub(w.LastTurned) >= w.interval(now)
}

type slotKey struct{ shelf, slot int }

// dueLocked lists the wheels to turn this round, shelf by shelf so the arm
// travels as little as possible, skipping jammed shelves. c.mu must be held.
func (c *Cave) dueLocked(now time.Time) []Wheel {
	var due []Wheel
	for _, w := range c.wheels {
		if c.jammed[w.Shelf] || !w.due(now) {
			continue
		}
		due = append(due, *w)
	}
	sort.Slice(due, func(i, j int) bool {
		if due[i].Shelf != due[j].Shelf {
			return due[i].Shelf < due[j].Shelf
		}
		return due[i].Slot < due[j].Slot
	})
	if c.cfg.MaxPerRound > 0 && len(due) > c.cfg.MaxPerRound {
		due = due[:c.cfg.MaxPerRound]
	}
	return due
}
