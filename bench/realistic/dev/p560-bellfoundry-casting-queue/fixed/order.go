package foundry

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Order is a bell commissioned by a customer.
type Order struct {
	ID       string
	Customer string // parish, carillon society, ...
	Note     string // strike note, e.g. "D4"
	// DiameterMM is the diameter at the lip.
	DiameterMM float64
	// TinPct is the tin share of the bronze; 20 to 23 for bells.
	TinPct float64
	// Furnace pins the order to one furnace; empty lets the queue choose.
	Furnace string
	Due     time.Time
}

// ErrBadOrder is wrapped by order validation failures.
var ErrBadOrder = errors.New("foundry: bad order")

// Validate checks that the bell can be cast with a standard profile.
func (o Order) Validate() error {
	if o.ID == "" || o.Customer == "" {
		return fmt.Errorf("%w: id and customer are required", ErrBadOrder)
	}
	if o.DiameterMM < 150 || o.DiameterMM > 2500 {
		return fmt.Errorf("%w: %s diameter %.0f mm outside the profile range", ErrBadOrder, o.ID, o.DiameterMM)
	}
	if o.TinPct < 18 || o.TinPct > 25 {
		return fmt.Errorf("%w: %s tin %.1f%% is not bell metal", ErrBadOrder, o.ID, o.TinPct)
	}
	return nil
}

// WeightKg estimates the finished bell weight. For a given profile weight
// grows with the cube of the diameter; a 1 m bell of a standard profile
// weighs about 600 kg.
func (o Order) WeightKg() float64 {
	d := o.DiameterMM / 1000
	return 600 * d * d * d
}

// MetalKg is the bronze to melt, including runners, risers and loss.
func (o Order) MetalKg() float64 {
	return math.Ceil(o.WeightKg() * 1.25)
}

// PourTempC is the target pouring temperature. Higher tin melts lower, and
// small bells are poured hotter so thin sections fill before freezing.
func (o Order) PourTempC() float64 {
	t := 1180 - (o.TinPct-20)*12
	if o.DiameterMM < 500 {
		t += 30
	}
	return t
}

// Furnace is one melting furnace and its current crucible.
type Furnace struct {
	ID string
	// CapacityKg is the largest melt the crucible takes.
	CapacityKg float64
	// MaxTempC is the hottest the lining is rated for.
	MaxTempC float64
	// QueueDepth is the number of orders that may wait for this furnace.
	QueueDepth int
	Lining     string
}

func (f Furnace) validate() error {
	if f.ID == "" {
		return errors.New("foundry: furnace without id")
	}
	if f.CapacityKg <= 0 || f.MaxTempC <= 0 {
		return fmt.Errorf("foundry: furnace %s: capacity and max temperature must be positive", f.ID)
	}
	return nil
}

func (f Furnace) fits(o Order) bool {
	return o.MetalKg() <= f.CapacityKg && o.PourTempC() <= f.MaxTempC
}

// Casting is the foundry's record of one pour.
type Casting struct {
	Order    Order
	Furnace  string
	Lining   string
	MetalKg  float64
	PourTemp float64
	Poured   time.Time
	Err      error
}
