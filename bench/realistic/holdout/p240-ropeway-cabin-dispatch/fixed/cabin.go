package ropeway

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrNotOnLine is returned when a cabin arrives that is not out on
	// the rope.
	ErrNotOnLine = errors.New("ropeway: cabin is not on the line")
	// ErrAlreadyHeld is returned when holding a cabin that is already held.
	ErrAlreadyHeld = errors.New("ropeway: cabin already held")
	// ErrNotHeld is returned when clearing a cabin that is not held.
	ErrNotHeld = errors.New("ropeway: cabin not held")
)

// State is where a cabin is.
type State int

// Cabin states.
const (
	OnLine State = iota
	Docked
	Departing
)

func (s State) String() string {
	switch s {
	case OnLine:
		return "on line"
	case Docked:
		return "docked"
	case Departing:
		return "departing"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

type cabin struct {
	id string

	mu         sync.Mutex
	state      State
	passengers int
	hold       string
	heldAt     time.Time
	trips      int
}

// CabinStatus is a snapshot of one cabin.
type CabinStatus struct {
	ID         string
	State      State
	Passengers int
	Hold       string
	Trips      int
}

// Status returns the current status of a cabin.
func (d *Dispatcher) Status(id string) (CabinStatus, error) {
	c, err := d.lookup(id)
	if err != nil {
		return CabinStatus{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return CabinStatus{ID: c.id, State: c.state, Passengers: c.passengers, Hold: c.hold, Trips: c.trips}, nil
}

// Arrive records a cabin detaching at the platform with the given number
// of passengers boarded, and schedules its departure after the dwell.
func (d *Dispatcher) Arrive(id string, passengers int) error {
	c, err := d.lookup(id)
	if err != nil {
		return err
	}
	c.mu.Lock()
	if c.state != OnLine {
		st := c.state
		c.mu.Unlock()
		return fmt.Errorf("%w: %s is %v", ErrNotOnLine, id, st)
	}
	c.state = Docked
	c.passengers = passengers
	c.mu.Unlock()

	d.schedule(id, d.cfg.Dwell)
	return nil
}

// Hold keeps a cabin at the platform until it is cleared, for example for a
// lost item report or a door fault.
func (d *Dispatcher) Hold(id, reason string) error {
	c, err := d.lookup(id)
	if err != nil {
		return err
	}
	c.mu.Lock()
	if c.hold != "" {
		err := fmt.Errorf("%w: %s held at %s for %q", ErrAlreadyHeld, id, c.heldAt.Format("15:04:05"), c.hold)
		c.mu.Unlock()
		return err
	}
	c.hold = reason
	c.heldAt = time.Now()
	st := c.state
	c.mu.Unlock()

	d.log.Printf("ropeway: cabin %s held (%v): %s", id, st, reason)
	return nil
}

// Clear lifts a hold. A docked cabin is dispatched after a fresh dwell.
func (d *Dispatcher) Clear(id string) error {
	c, err := d.lookup(id)
	if err != nil {
		return err
	}
	c.mu.Lock()
	if c.hold == "" {
		c.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrNotHeld, id)
	}
	reason, docked := c.hold, c.state == Docked
	c.hold = ""
	c.mu.Unlock()

	d.log.Printf("ropeway: cabin %s cleared (%s)", id, reason)
	if docked {
		d.schedule(id, d.cfg.Dwell)
	}
	return nil
}

func (d *Dispatcher) depart(id string) {
	d.mu.Lock()
	delete(d.timers, id)
	c, closed := d.cabins[id], d.closed
	d.mu.Unlock()
	if closed || c == nil {
		return
	}

	c.mu.Lock()
	if c.state != Docked || c.hold != "" {
		hold := c.hold
		c.mu.Unlock()
		d.log.Printf("ropeway: cabin %s kept at platform (%s)", id, hold)
		return
	}
	if wait := d.reserveSlot(time.Now()); wait > 0 {
		c.mu.Unlock()
		d.schedule(id, wait)
		return
	}
	c.state = Departing
	pax := c.passengers
	c.mu.Unlock()

	err := d.launch(id)

	c.mu.Lock()
	if err != nil {
		c.state = Docked
		c.hold = "launch failed: " + err.Error()
		c.heldAt = time.Now()
		c.mu.Unlock()
		d.log.Printf("ropeway: cabin %s: %v", id, err)
		return
	}
	c.state = OnLine
	c.passengers = 0
	c.trips++
	dep := Departure{Cabin: id, Passengers: pax, Trip: c.trips, At: time.Now()}
	c.mu.Unlock()

	if d.onDepart != nil {
		d.onDepart(dep)
	}
}

func (d *Dispatcher) launch(id string) error {
	ctx, cancel := context.WithTimeout(d.ctx, d.cfg.LaunchTimeout)
	defer cancel()
	if err := d.doors.Close(ctx, id); err != nil {
		return fmt.Errorf("closing doors: %w", err)
	}
	if err := d.drive.Launch(ctx, id); err != nil {
		return fmt.Errorf("launch: %w", err)
	}
	return nil
}
