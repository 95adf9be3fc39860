package checkout

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeInventory struct {
	backorder map[string]bool
	released  chan string

	mu   sync.Mutex
	next int
}

func (f *fakeInventory) Reserve(_ context.Context, cartID, sku string, qty int) (Reservation, error) {
	if f.backorder[sku] {
		return Reservation{SKU: sku, Quantity: qty, Backordered: true}, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	return Reservation{ID: fmt.Sprintf("%s-hold-%d", cartID, f.next), SKU: sku, Quantity: qty}, nil
}

func (f *fakeInventory) Release(_ context.Context, id string) error {
	f.released <- id
	return nil
}

type decliningPayments struct{ err error }

func (p decliningPayments) Charge(context.Context, ChargeRequest) (string, error) {
	return "", p.err
}

func (p decliningPayments) Refund(context.Context, string, int64) error {
	return errors.New("nothing to refund")
}

type unusedOrders struct{ t *testing.T }

func (o unusedOrders) Place(context.Context, Order) (string, error) {
	o.t.Error("order placed for a declined payment")
	return "", errors.New("unexpected")
}

type stubClock struct{}

func (stubClock) Now() time.Time                         { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }
func (stubClock) After(d time.Duration) <-chan time.Time { return make(chan time.Time) }

func TestCheckoutPaymentDeclinedReleasesStock(t *testing.T) {
	defer goleak.VerifyNone(t)

	errDeclined := errors.New("card declined")
	inv := &fakeInventory{
		backorder: map[string]bool{"BOOK-PREORDER": true},
		released:  make(chan string, 4),
	}
	c, err := New(Config{
		Inventory: inv,
		Payments:  decliningPayments{err: errDeclined},
		Orders:    unusedOrders{t: t},
		Clock:     stubClock{},
	})
	if err != nil {
		t.Fatal(err)
	}

	cart := Cart{
		ID:         "cart-42",
		CustomerID: "cust-7",
		Currency:   "EUR",
		Items: []LineItem{
			{SKU: "MUG-BLUE", Quantity: 2, UnitPrice: 1299},
			{SKU: "BOOK-PREORDER", Quantity: 1, UnitPrice: 2499},
		},
	}
	_, err = c.Checkout(context.Background(), cart)
	if !errors.Is(err, errDeclined) {
		t.Fatalf("Checkout error = %v, want %v", err, errDeclined)
	}

	if got := <-inv.released; got != "cart-42-hold-1" {
		t.Fatalf("released %q, want cart-42-hold-1", got)
	}
}
