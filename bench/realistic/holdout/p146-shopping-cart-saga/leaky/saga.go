package checkout

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Config wires a Coordinator to the services taking part in the saga.
type Config struct {
	Inventory Inventory
	Payments  Payments
	Orders    Orders
	Clock     Clock

	// StepTimeout bounds every forward step. Defaults to 10s.
	StepTimeout time.Duration
	// CompensationTimeout bounds the whole rollback of one saga. Defaults
	// to 2m.
	CompensationTimeout time.Duration
	// CompensationAttempts is how often a single compensating call is tried.
	// Defaults to 5.
	CompensationAttempts int
	// RetryBackoff is the delay before the first retry; it doubles on every
	// further attempt. Defaults to 200ms.
	RetryBackoff time.Duration

	// OnCompensated, if set, is called once a failed saga has been rolled
	// back (or has given up trying).
	OnCompensated func(CompensationReport)
}

// Coordinator runs checkout sagas.
type Coordinator struct {
	cfg Config
}

// New validates cfg, fills in defaults and returns a Coordinator.
func New(cfg Config) (*Coordinator, error) {
	if cfg.Inventory == nil || cfg.Payments == nil || cfg.Orders == nil {
		return nil, errors.New("checkout: inventory, payments and orders are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.StepTimeout <= 0 {
		cfg.StepTimeout = 10 * time.Second
	}
	if cfg.CompensationTimeout <= 0 {
		cfg.CompensationTimeout = 2 * time.Minute
	}
	if cfg.CompensationAttempts <= 0 {
		cfg.CompensationAttempts = 5
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 200 * time.Millisecond
	}
	return &Coordinator{cfg: cfg}, nil
}

// Checkout reserves stock, charges the customer and places the order. When
// a step fails, the error is returned right away and the steps already taken
// are compensated in the background, so the customer is not kept waiting on
// refunds and stock releases.
func (c *Coordinator) Checkout(ctx context.Context, cart Cart) (Receipt, error) {
	if err := validate(cart); err != nil {
		return Receipt{}, err
	}

	var p plan
	p.cartID = cart.ID
	for _, it := range cart.Items {
		it := it
		var r Reservation
		err := c.step(ctx, "reserve "+it.SKU, func(ctx context.Context) error {
			var err error
			r, err = c.cfg.Inventory.Reserve(ctx, cart.ID, it.SKU, it.Quantity)
			return err
		})
		if err != nil {
			return Receipt{}, c.fail(p, fmt.Errorf("checkout %s: %w", cart.ID, err))
		}
		p.holds = append(p.holds, r)
	}

	total := cart.Total()
	err := c.step(ctx, "charge", func(ctx context.Context) error {
		var err error
		p.chargeID, err = c.cfg.Payments.Charge(ctx, ChargeRequest{
			CustomerID:     cart.CustomerID,
			Amount:         total,
			Currency:       cart.Currency,
			IdempotencyKey: "checkout/" + cart.ID,
		})
		return err
	})
	if err != nil {
		return Receipt{}, c.fail(p, fmt.Errorf("checkout %s: %w", cart.ID, err))
	}
	p.amount = total

	var orderID string
	err = c.step(ctx, "place order", func(ctx context.Context) error {
		var err error
		orderID, err = c.cfg.Orders.Place(ctx, Order{
			CartID:       cart.ID,
			CustomerID:   cart.CustomerID,
			ChargeID:     p.chargeID,
			Reservations: p.holds,
			Total:        total,
			Currency:     cart.Currency,
			PlacedAt:     c.cfg.Clock.Now(),
		})
		return err
	})
	if err != nil {
		return Receipt{}, c.fail(p, fmt.Errorf("checkout %s: %w", cart.ID, err))
	}
	return Receipt{OrderID: orderID, ChargeID: p.chargeID, Total: total, Currency: cart.Currency}, nil
}

func validate(cart Cart) error {
	if len(cart.Items) == 0 {
		return ErrEmptyCart
	}
	for _, it := range cart.Items {
		if it.SKU == "" || it.Quantity <= 0 || it.UnitPrice < 0 {
			return fmt.Errorf("%w: %+v", ErrInvalidItem, it)
		}
	}
	return nil
}

// step runs one forward action with its own timeout. Participant clients
// are third-party code; a panic in one of them fails the step instead of
// taking the whole process down.
func (c *Coordinator) step(ctx context.Context, name string, fn func(context.Context) error) (err error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.StepTimeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("step %s: %w: %v", name, ErrStepPanic, r)
		}
	}()
	if err := fn(ctx); err != nil {
		return fmt.Errorf("step %s: %w", name, err)
	}
	return nil
}

// fail starts compensation for p and returns cause unchanged.
func (c *Coordinator) fail(p plan, cause error) error {
	p.cause = cause
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), c.cfg.CompensationTimeout)
		defer cancel()
		rep := c.compensate(ctx, p)
		if c.cfg.OnCompensated != nil {
			c.cfg.OnCompensated(rep)
		}
	}()
	return cause
}
