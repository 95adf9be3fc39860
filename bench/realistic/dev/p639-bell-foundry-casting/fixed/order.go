package foundry

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Charge is the metal loaded into the crucible for one bell, in kilograms.
type Charge struct {
	Copper float64
	Tin    float64
	Scrap  float64
	// ScrapTin is the tin fraction of the scrap bell metal.
	ScrapTin float64
}

// Total is the weight of the charge.
func (c Charge) Total() float64 { return c.Copper + c.Tin + c.Scrap }

// Order is a bell to be cast.
type Order struct {
	ID       string
	Note     string
	Diameter float64
	Weight   float64
	Charge   Charge
}

// Casting is a bell poured from an order.
type Casting struct {
	OrderID     string
	Note        string
	Weight      float64
	TinFraction float64
	PourTempC   float64
	PouredAt    time.Time
}

// Sample is a furnace reading taken by the foundry's sampler.
type Sample struct {
	At    time.Time
	TempC float64
	Order string
	Stage Stage
}

// Stage is the state of the crucible.
type Stage string

// Crucible stages.
const (
	StageIdle    Stage = "idle"
	StageHeating Stage = "heating"
	StageAssay   Stage = "assay"
	StagePouring Stage = "pouring"
)

// Furnace heats the crucible.
type Furnace interface {
	Heat(ctx context.Context, targetC float64) error
	Temperature() float64
}

// MoldPit holds the prepared moulds, keyed by order.
type MoldPit interface {
	Pour(ctx context.Context, orderID string, kg, tempC float64) error
}

// Telemetry receives furnace samples.
type Telemetry interface {
	Record(Sample)
}

var (
	// ErrOffSpec is returned when the melt assays outside the bell
	// bronze band.
	ErrOffSpec = errors.New("foundry: melt off specification")
	// ErrOverCapacity is returned when a charge does not fit the crucible.
	ErrOverCapacity = errors.New("foundry: charge exceeds crucible capacity")
)

func (o Order) validate(capacityKg float64) error {
	if o.ID == "" {
		return errors.New("foundry: order without id")
	}
	if o.Weight <= 0 {
		return fmt.Errorf("foundry: order %s: bell weight %.1f kg", o.ID, o.Weight)
	}
	if o.Charge.Total() > capacityKg {
		return fmt.Errorf("%w: order %s needs %.0f kg, crucible holds %.0f kg",
			ErrOverCapacity, o.ID, o.Charge.Total(), capacityKg)
	}
	if o.Charge.Total() < o.Weight*1.08 {
		return fmt.Errorf("foundry: order %s: charge %.0f kg leaves no allowance for runners and risers on a %.0f kg bell",
			o.ID, o.Charge.Total(), o.Weight)
	}
	return nil
}

// tinAfterMelt estimates the tin fraction of the melt, allowing for the
// tin lost to oxidation while the charge is held at temperature.
func tinAfterMelt(c Charge, lossFraction float64) float64 {
	tin := c.Tin*(1-lossFraction) + c.Scrap*c.ScrapTin
	total := c.Copper + c.Tin*(1-lossFraction) + c.Scrap
	if total == 0 {
		return 0
	}
	return tin / total
}
