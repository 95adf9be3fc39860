package inventory

// Backorder is a customer's request for stock that is not on hand yet.
type Backorder struct {
	ID       string `json:"id"`
	Customer string `json:"customer"`
	SKU      string `json:"sku"`
	Qty      int    `json:"qty"`
}

// Notifier is told when a backorder has been given a hold, so the customer
// can be asked to complete the purchase before the hold expires.
type Notifier interface {
	BackorderHeld(b Backorder, h Hold)
}

// PlaceBackorder queues b. As soon as enough stock is on hand, it is held
// for b and n is notified.
func (s *Store) PlaceBackorder(b Backorder, n Notifier) {
	go func() {
		h := s.reserveWhenAvailable(b.SKU, b.Qty)
		n.BackorderHeld(b, h)
	}()
}
