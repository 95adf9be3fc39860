// Package checkout runs the checkout saga of a shopping cart: it reserves
// stock for every line item, charges the customer and places the order, and
// compensates the steps already taken when a later one fails.
package checkout

import (
	"context"
	"errors"
	"time"
)

// LineItem is one product in a cart. Prices are in minor units (cents).
type LineItem struct {
	SKU       string
	Quantity  int
	UnitPrice int64
}

// Cart is what the customer is checking out.
type Cart struct {
	ID         string
	CustomerID string
	Currency   string
	Items      []LineItem
}

// Total returns the amount to charge for the cart.
func (c Cart) Total() int64 {
	var total int64
	for _, it := range c.Items {
		total += int64(it.Quantity) * it.UnitPrice
	}
	return total
}

// Reservation is a hold placed on stock by the inventory service. A
// backordered reservation accepts the item without taking anything from
// stock; it has no ID and nothing to release.
type Reservation struct {
	ID          string
	SKU         string
	Quantity    int
	Backordered bool
}

// Inventory is the stock service.
type Inventory interface {
	Reserve(ctx context.Context, cartID, sku string, qty int) (Reservation, error)
	Release(ctx context.Context, reservationID string) error
}

// ChargeRequest asks the payment provider to take money from a customer.
type ChargeRequest struct {
	CustomerID     string
	Amount         int64
	Currency       string
	IdempotencyKey string
}

// Payments is the payment provider.
type Payments interface {
	Charge(ctx context.Context, req ChargeRequest) (chargeID string, err error)
	Refund(ctx context.Context, chargeID string, amount int64) error
}

// Order is what gets recorded once stock and payment are secured.
type Order struct {
	CartID       string
	CustomerID   string
	ChargeID     string
	Reservations []Reservation
	Total        int64
	Currency     string
	PlacedAt     time.Time
}

// Orders is the order store.
type Orders interface {
	Place(ctx context.Context, o Order) (orderID string, err error)
}

// Clock abstracts time for retries and timestamps.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Receipt is returned for a successful checkout.
type Receipt struct {
	OrderID  string
	ChargeID string
	Total    int64
	Currency string
}

// CompensationReport describes how a failed checkout was rolled back.
type CompensationReport struct {
	CartID   string
	Cause    error
	Refunded bool
	Released int
	Errors   []error
}

// Errors returned by Checkout.
var (
	ErrEmptyCart   = errors.New("checkout: cart is empty")
	ErrInvalidItem = errors.New("checkout: invalid line item")
	ErrStepPanic   = errors.New("checkout: step panicked")
)
