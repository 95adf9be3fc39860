package proofing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrTooLarge is returned for trays that can never fit the cabinet.
	ErrTooLarge = errors.New("proofing: tray larger than cabinet")
	// ErrUnknownTray is returned when unloading a tray that is not inside.
	ErrUnknownTray = errors.New("proofing: tray not in cabinet")
)

// Climate drives the heater and humidifier of the cabinet.
type Climate interface {
	SetPoint(ctx context.Context, tempC float64, humidity int) error
}

// Recipe describes how a dough proofs.
type Recipe struct {
	Name     string
	TempC    float64
	Humidity int
	Proof    time.Duration
}

// Tray is a sheet pan, a banneton rack or a roll-in rack of dough.
type Tray struct {
	ID      string
	Recipe  Recipe
	Shelves int

	loadedAt time.Time
}

// Cabinet models the shelves of a proofing cabinet. Loading blocks until
// enough shelves are free.
type Cabinet struct {
	climate Climate
	now     func() time.Time

	mu       sync.Mutex
	cond     *sync.Cond
	capacity int
	used     int
	waiting  int
	trays    map[string]*Tray
	setpoint Recipe
}

// NewCabinet returns an empty cabinet with the given number of shelves.
func NewCabinet(shelves int, climate Climate, now func() time.Time) (*Cabinet, error) {
	if shelves <= 0 {
		return nil, fmt.Errorf("proofing: invalid shelf count %d", shelves)
	}
	if climate == nil {
		return nil, errors.New("proofing: nil climate controller")
	}
	if now == nil {
		now = time.Now
	}
	c := &Cabinet{climate: climate, now: now, capacity: shelves, trays: make(map[string]*Tray)}
	c.cond = sync.NewCond(&c.mu)
	return c, nil
}

// Load puts the tray in the cabinet, waiting for room if needed, and
// adjusts the climate when the cabinet was empty.
func (c *Cabinet) Load(ctx context.Context, t *Tray) error {
	if t.Shelves <= 0 {
		return fmt.Errorf("proofing: tray %s: invalid shelf count %d", t.ID, t.Shelves)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Shelves > c.capacity {
		return fmt.Errorf("%w: %s needs %d shelves, cabinet has %d", ErrTooLarge, t.ID, t.Shelves, c.capacity)
	}
	c.waiting++
	for !c.fitsLocked(t.Shelves) {
		c.cond.Wait() // leak: a tray using the last free shelves never fits
	}
	c.waiting--
	if len(c.trays) == 0 || c.setpoint.Name != t.Recipe.Name {
		if err := c.climate.SetPoint(ctx, t.Recipe.TempC, t.Recipe.Humidity); err != nil {
			return fmt.Errorf("proofing: climate for %s: %w", t.Recipe.Name, err)
		}
		c.setpoint = t.Recipe
	}
	c.used += t.Shelves
	t.loadedAt = c.now()
	c.trays[t.ID] = t
	return nil
}

// Unload removes the tray and returns how long it proofed.
func (c *Cabinet) Unload(id string) (time.Duration, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.trays[id]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownTray, id)
	}
	delete(c.trays, id)
	c.used -= t.Shelves
	c.cond.Broadcast()
	return c.now().Sub(t.loadedAt), nil
}

// Waiting returns the number of trays queued for shelves.
func (c *Cabinet) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waiting
}

// FreeShelves returns the number of empty shelves.
func (c *Cabinet) FreeShelves() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.capacity - c.used
}

func (c *Cabinet) fitsLocked(shelves int) bool {
	return c.used+shelves < c.capacity
}
