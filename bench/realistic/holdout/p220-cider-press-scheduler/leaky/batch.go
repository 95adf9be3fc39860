package cidersched

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// Order is a customer's delivery of apples to be pressed.
type Order struct {
	ID       string
	Orchard  string
	Variety  string
	AppleKg  float64
	Priority int
	Received time.Time
}

func (o Order) validate() error {
	if o.ID == "" {
		return errors.New("cidersched: order id is required")
	}
	if o.AppleKg <= 0 {
		return fmt.Errorf("cidersched: order %s: apple weight must be positive", o.ID)
	}
	return nil
}

// Batch is one load for a press: a slice of an order.
type Batch struct {
	OrderID  string
	Seq      int
	Variety  string
	Kg       float64
	Priority int
	Received time.Time
}

func (b Batch) String() string {
	return fmt.Sprintf("%s#%d (%.0f kg %s)", b.OrderID, b.Seq, b.Kg, b.Variety)
}

// Yield is the outcome of pressing one batch.
type Yield struct {
	Batch    Batch
	PressID  string
	Litres   float64
	PomaceKg float64
	Finished time.Time
}

// Press is a hydraulic or rack-and-cloth press on the shop floor.
type Press interface {
	ID() string
	CapacityKg() float64
	Run(ctx context.Context, b Batch) (Yield, error)
}

// Store persists orders and yields.
type Store interface {
	Pending(ctx context.Context) ([]Order, error)
	SaveYield(ctx context.Context, y Yield) error
	MarkDone(ctx context.Context, orderID string) error
}

func splitOrder(o Order, maxKg float64) []Batch {
	n := int(math.Ceil(o.AppleKg / maxKg))
	batches := make([]Batch, 0, n)
	left := o.AppleKg
	for i := 1; left > 0; i++ {
		kg := math.Min(left, maxKg)
		if rest := left - kg; rest > 0 && rest < maxKg/4 {
			kg = left / 2
		}
		batches = append(batches, Batch{
			OrderID:  o.ID,
			Seq:      i,
			Variety:  o.Variety,
			Kg:       kg,
			Priority: o.Priority,
			Received: o.Received,
		})
		left -= kg
		if left < 0.001 {
			left = 0
		}
	}
	return batches
}

type batchQueue []Batch

func (q *batchQueue) push(bs ...Batch) {
	*q = append(*q, bs...)
	sort.SliceStable(*q, func(i, j int) bool {
		a, b := (*q)[i], (*q)[j]
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		if !a.Received.Equal(b.Received) {
			return a.Received.Before(b.Received)
		}
		return a.Seq < b.Seq
	})
}

func (q *batchQueue) pop() (Batch, bool) {
	if len(*q) == 0 {
		return Batch{}, false
	}
	b := (*q)[0]
	*q = (*q)[1:]
	return b, true
}
