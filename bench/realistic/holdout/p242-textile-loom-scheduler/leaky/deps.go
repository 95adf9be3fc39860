package loom

import (
	"context"
	"errors"
	"time"
)

// ErrOutOfStock is returned by a YarnStock that cannot cover a reservation.
var ErrOutOfStock = errors.New("loom: yarn out of stock")

// YarnStock is the mill's yarn inventory.
type YarnStock interface {
	// Reserve sets aside meters of a yarn for one order.
	Reserve(ctx context.Context, yarn string, meters float64) (Reservation, error)
}

// Reservation is yarn held for one order until it is woven or given back.
type Reservation interface {
	Commit() error
	Release() error
}

// Loom is one power loom on the weaving floor.
type Loom interface {
	Name() string
	Weave(ctx context.Context, spec WeaveSpec) error
}

// LoomPool hands out idle looms wide enough for a pattern.
type LoomPool interface {
	Acquire(ctx context.Context, widthCM float64) (Loom, error)
	Release(l Loom)
}

// WeaveSpec is what a loom needs to weave an order.
type WeaveSpec struct {
	OrderID    string
	Pattern    Pattern
	Ends       int
	LengthM    float64
	PicksPerCM float64
}

// Outcome records how one order went.
type Outcome struct {
	OrderID  string
	Loom     string
	Started  time.Time
	Duration time.Duration
	Err      error
}
