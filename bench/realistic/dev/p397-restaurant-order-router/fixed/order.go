// Package kds implements the routing core of a kitchen display system.
//
// Incoming orders are split into one ticket per station (grill, fryer,
// garde-manger, ...), cooks bump items off their screen as they finish them,
// and the expo screen is told when every item of an order is up so a runner
// can take it to the table.
package kds

import (
	"context"
	"errors"
	"time"
)

// Category classifies a menu item for routing purposes, e.g. "grill".
type Category string

// Item is one line of an order.
type Item struct {
	ID       string
	Name     string
	Category Category
	Qty      int
	Mods     []string
}

// Order is a check sent from the point of sale.
type Order struct {
	ID    string
	Table string
	Items []Item
	Rush  bool
}

// Ticket is what a single station screen shows for one order.
type Ticket struct {
	OrderID string
	Station string
	Table   string
	Items   []Item
	Fired   time.Time
	Rush    bool
}

// Status is the lifecycle state of an order as seen by expo.
type Status int

// Order states.
const (
	StatusUnknown Status = iota
	StatusOpen
	StatusReady
	StatusVoided
)

func (s Status) String() string {
	switch s {
	case StatusOpen:
		return "open"
	case StatusReady:
		return "ready"
	case StatusVoided:
		return "voided"
	default:
		return "unknown"
	}
}

// Errors returned by the Router.
var (
	ErrUnknownOrder   = errors.New("kds: unknown order")
	ErrUnknownItem    = errors.New("kds: unknown item")
	ErrDuplicateOrder = errors.New("kds: duplicate order")
	ErrNoStation      = errors.New("kds: no station for category")
	ErrVoided         = errors.New("kds: order voided")
	ErrEmptyOrder     = errors.New("kds: order has no items")
)

// Display is a station screen (or ticket printer).
type Display interface {
	// Show puts a ticket on the station's screen.
	Show(ctx context.Context, t Ticket) error
	// Clear removes the ticket for orderID from the station's screen.
	Clear(ctx context.Context, station, orderID string) error
}

// Clock tells the time; tests replace it with a fixed clock.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
