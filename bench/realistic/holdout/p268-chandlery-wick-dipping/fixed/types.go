package dipping

import (
	"context"
	"errors"
	"time"
)

// Frame is a rack of wicks hung from the dipping carousel.
type Frame struct {
	ID         string
	Wicks      int
	WickSpec   string
	DiameterMM float64
	Dips       int
}

// Order is a batch of frames to be dipped to a target diameter.
type Order struct {
	ID               string
	Frames           []Frame
	TargetDiameterMM float64
	MaxDips          int
}

// Report summarises a dipping run.
type Report struct {
	Order    string
	Dips     int
	Finished []string
	Rounds   int
	WaxUsedL float64
	Elapsed  time.Duration
}

// Thermometer reads the temperature of the wax in the vat.
type Thermometer interface {
	Celsius(ctx context.Context) (float64, error)
}

// Hoist lowers frames into the vat and lifts them out.
type Hoist interface {
	Lower(ctx context.Context, frameID string) error
	Raise(ctx context.Context, frameID string) error
}

// Melter melts fresh wax in the side pot, ready to be poured into the vat.
type Melter interface {
	Melt(ctx context.Context, litres float64) error
}

var (
	ErrWaxLow     = errors.New("dipping: wax level too low")
	ErrWaxTemp    = errors.New("dipping: wax out of working temperature")
	ErrEmptyOrder = errors.New("dipping: order has no frames")
)
