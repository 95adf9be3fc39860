package grainledger

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Crop is a kind of grain brought to the mill.
type Crop string

const (
	Wheat  Crop = "wheat"
	Barley Crop = "barley"
	Rye    Crop = "rye"
	Oats   Crop = "oats"
)

// Delivery is a load of grain a farmer brings to the mill.
type Delivery struct {
	Farmer string
	Crop   Crop
	Kg     float64
	At     time.Time
}

// Balance is the running account of one farmer for the season.
type Balance struct {
	GrainKg        map[Crop]float64
	TollKg         float64
	FlourOwedKg    float64
	FlourTakenKg   float64
	GrindingFeeP   int64
	Deliveries     int
	LastDeliveryAt time.Time
}

func (b Balance) clone() Balance {
	c := b
	c.GrainKg = make(map[Crop]float64, len(b.GrainKg))
	for k, v := range b.GrainKg {
		c.GrainKg[k] = v
	}
	return c
}

// Outstanding is the flour still held at the mill for the farmer.
func (b Balance) Outstanding() float64 { return b.FlourOwedKg - b.FlourTakenKg }

// Statement is the end-of-account summary sent to a farmer.
type Statement struct {
	Season     string
	Farmer     string
	Balance    Balance
	CarriedKg  float64
	FeeDueP    int64
	PreparedAt time.Time
	Reference  string
}

// StatementStore keeps the statements the miller has issued.
type StatementStore interface {
	Save(ctx context.Context, st Statement) error
}

var (
	ErrClosed        = errors.New("grainledger: ledger closed")
	ErrUnknownFarmer = errors.New("grainledger: no account for farmer")
	ErrOverdrawn     = errors.New("grainledger: more flour than owed")
	ErrUnknownCrop   = errors.New("grainledger: crop not milled here")
	ErrDeferred      = errors.New("grainledger: statement deferred")
)

func reference(season, farmer string, n int) string {
	return fmt.Sprintf("%s/%s/%03d", season, farmer, n)
}
