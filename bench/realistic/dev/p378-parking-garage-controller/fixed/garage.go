// Package garage implements the lane controller for a single-entrance
// parking garage: it reacts to gate loop sensors, assigns spots, prints
// tickets, and settles fees through the payment terminal at the exit.
package garage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrClosed is returned once the controller has been shut down.
	ErrClosed = errors.New("garage: controller closed")
	// ErrUnknownTicket is returned when an exit presents a ticket that
	// was never issued or has already been settled.
	ErrUnknownTicket = errors.New("garage: unknown ticket")
)

// Gate drives a barrier arm at an entry or exit lane.
type Gate interface {
	Raise(ctx context.Context, gateID string) error
}

// Kiosk is the display and ticket printer at an entry lane.
type Kiosk interface {
	PrintTicket(gateID string, t Ticket) error
	Show(gateID, msg string)
}

// PaymentTerminal charges the driver at an exit lane and returns a receipt
// reference.
type PaymentTerminal interface {
	Charge(ctx context.Context, gateID, ticketID string, cents int64) (string, error)
}

// Clock abstracts time so fees can be tested.
type Clock interface {
	Now() time.Time
}

// Metrics receives occupancy gauges.
type Metrics interface {
	SetOccupancy(used, total int)
	SetQueueDepth(n int)
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

type nopMetrics struct{}

func (nopMetrics) SetOccupancy(int, int) {}
func (nopMetrics) SetQueueDepth(int)     {}

// Ticket is issued at entry and settled at exit.
type Ticket struct {
	ID        string
	Plate     string
	Spot      string
	EnteredAt time.Time
}

// Config describes the garage and its tariff.
type Config struct {
	// Spots lists the spot identifiers, e.g. "B1-017".
	Spots []string
	// HourlyRateCents is charged per started hour after the grace period.
	HourlyRateCents int64
	// DailyMaxCents caps the fee for each 24 hour period; zero means no cap.
	DailyMaxCents int64
	// Grace is the free period after entry.
	Grace time.Duration
	// GateTimeout bounds each barrier command.
	GateTimeout time.Duration

	Clock   Clock
	Metrics Metrics
}

// Controller coordinates the lanes of one garage. It is safe for
// concurrent use by the sensor handlers of all lanes.
type Controller struct {
	cfg   Config
	gate  Gate
	kiosk Kiosk
	term  PaymentTerminal

	mu        sync.Mutex
	spotFreed *sync.Cond
	free      []string
	tickets   map[string]*Ticket
	waiting   int
	seq       int
	closed    bool
}

// New returns a Controller for the garage described by cfg.
func New(cfg Config, gate Gate, kiosk Kiosk, term PaymentTerminal) (*Controller, error) {
	if len(cfg.Spots) == 0 {
		return nil, errors.New("garage: no spots configured")
	}
	if gate == nil || kiosk == nil || term == nil {
		return nil, errors.New("garage: gate, kiosk and payment terminal are required")
	}
	if cfg.HourlyRateCents < 0 || cfg.DailyMaxCents < 0 {
		return nil, fmt.Errorf("garage: negative tariff %d/%d", cfg.HourlyRateCents, cfg.DailyMaxCents)
	}
	if cfg.GateTimeout <= 0 {
		cfg.GateTimeout = 5 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Metrics == nil {
		cfg.Metrics = nopMetrics{}
	}
	c := &Controller{
		cfg:     cfg,
		gate:    gate,
		kiosk:   kiosk,
		term:    term,
		free:    append([]string(nil), cfg.Spots...),
		tickets: make(map[string]*Ticket),
	}
	c.spotFreed = sync.NewCond(&c.mu)
	return c, nil
}

// Occupied returns the number of spots currently in use.
func (c *Controller) Occupied() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cfg.Spots) - len(c.free)
}

// Close stops admitting vehicles. Vehicles held at the entry are turned
// away; tickets already issued can still be settled.
func (c *Controller) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.spotFreed.Broadcast()
}

// releaseLocked returns spot to the free list and wakes a held vehicle.
// c.mu must be held.
func (c *Controller) releaseLocked(spot string) {
	c.free = append(c.free, spot)
	c.cfg.Metrics.SetOccupancy(len(c.cfg.Spots)-len(c.free), len(c.cfg.Spots))
	c.spotFreed.Signal()
}
