// Package conveyor routes orders from the tablets at a kaiten-zushi bar to
// the kitchen and carries the finished plates back to the seats that
// ordered them.
package conveyor

import (
	"errors"
	"fmt"
	"time"
)

// PlateColor encodes the price tier of a plate, as printed on the dish.
type PlateColor int

const (
	Green PlateColor = iota
	Blue
	Red
	Gold
)

// Yen returns the price of a plate of this colour.
func (c PlateColor) Yen() int {
	switch c {
	case Green:
		return 120
	case Blue:
		return 180
	case Red:
		return 260
	case Gold:
		return 480
	}
	return 0
}

func (c PlateColor) String() string {
	return [...]string{"green", "blue", "red", "gold"}[c]
}

// Item is one dish on the menu.
type Item struct {
	Name     string
	Color    PlateColor
	PrepTime time.Duration
}

// Menu maps dish names to their menu entries.
type Menu map[string]Item

// Order is what a seat submits from its tablet.
type Order struct {
	Seat  int
	Items []string
}

// Plate is a prepared dish travelling on the belt.
type Plate struct {
	ID      int
	Seat    int
	Item    string
	Color   PlateColor
	ReadyAt time.Time
}

// Bill summarises what a seat was served.
type Bill struct {
	Seat   int
	Plates map[PlateColor]int
	Total  int
}

func (b Bill) String() string {
	return fmt.Sprintf("seat %d: %d yen", b.Seat, b.Total)
}

var (
	ErrUnknownItem = errors.New("conveyor: item not on menu")
	ErrSeatTaken   = errors.New("conveyor: seat already occupied")
	ErrSeatEmpty   = errors.New("conveyor: nobody at that seat")
	ErrClosed      = errors.New("conveyor: closed")
	ErrEmptyOrder  = errors.New("conveyor: order has no items")
)

// Validate checks every item of o against the menu.
func (m Menu) Validate(o Order) error {
	if len(o.Items) == 0 {
		return ErrEmptyOrder
	}
	for _, name := range o.Items {
		if _, ok := m[name]; !ok {
			return fmt.Errorf("%w: %q", ErrUnknownItem, name)
		}
	}
	return nil
}
