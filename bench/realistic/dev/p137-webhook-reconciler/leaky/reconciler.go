// Package reconcile matches payment provider webhook events with local orders
// and records the outcome on the order.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Event is a payment provider notification as delivered to the webhook.
type Event struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	OrderRef string `json:"order_ref"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Order is the local view of an order.
type Order struct {
	ID       string
	Amount   int64
	Currency string
	Status   string
}

// Store loads and updates local orders.
type Store interface {
	Order(ctx context.Context, id string) (Order, error)
	SetStatus(ctx context.Context, id, status string) error
}

var (
	// ErrMismatch reports an event whose amount or currency differs from the order.
	ErrMismatch = errors.New("reconcile: event does not match order")
	// ErrClosed is returned by Submit once the reconciler has been closed.
	ErrClosed = errors.New("reconcile: reconciler closed")
)

// Option configures a Reconciler.
type Option func(*Reconciler)

// WithStoreTimeout bounds each call to the order store.
func WithStoreTimeout(d time.Duration) Option {
	return func(r *Reconciler) { r.storeTimeout = d }
}

type job struct {
	ev    Event
	reply chan error
}

// Reconciler applies events one at a time, so that two events for the same
// order never race each other.
type Reconciler struct {
	store        Store
	storeTimeout time.Duration

	jobs   chan job
	ctx    context.Context
	cancel context.CancelFunc

	mu   sync.Mutex
	seen map[string]error // outcome by event ID, for provider redeliveries
}

// New returns a running Reconciler. Call Close to stop it.
func New(store Store, opts ...Option) *Reconciler {
	r := &Reconciler{
		store:        store,
		storeTimeout: 5 * time.Second,
		seen:         make(map[string]error),
	}
	for _, o := range opts {
		o(r)
	}
	r.jobs = make(chan job, 64)
	r.ctx, r.cancel = context.WithCancel(context.Background())
	go r.loop()
	return r
}

// Submit queues ev and waits until it has been reconciled or ctx is done.
// When ctx expires first the event is still reconciled in the background.
func (r *Reconciler) Submit(ctx context.Context, ev Event) error {
	j := job{ev: ev, reply: make(chan error)}
	select {
	case r.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-r.ctx.Done():
		return ErrClosed
	}
	select {
	case err := <-j.reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Outcome reports how an already reconciled event ended.
func (r *Reconciler) Outcome(eventID string) (done bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err, done = r.seen[eventID]
	return done, err
}

// Close stops the reconciler. Queued events are dropped.
func (r *Reconciler) Close() { r.cancel() }

func (r *Reconciler) loop() {
	for {
		select {
		case <-r.ctx.Done():
			return
		case j := <-r.jobs:
			err := r.apply(j.ev)
			j.reply <- err // leak: Submit stops listening when its caller's context expires, so nothing ever receives this reply
		}
	}
}

func (r *Reconciler) apply(ev Event) error {
	if done, err := r.Outcome(ev.ID); done {
		return err
	}
	err := r.reconcile(ev)
	r.mu.Lock()
	r.seen[ev.ID] = err
	r.mu.Unlock()
	return err
}

func (r *Reconciler) reconcile(ev Event) error {
	ctx, cancel := context.WithTimeout(r.ctx, r.storeTimeout)
	defer cancel()

	o, err := r.store.Order(ctx, ev.OrderRef)
	if err != nil {
		return fmt.Errorf("reconcile event %s: load order %s: %w", ev.ID, ev.OrderRef, err)
	}
	status, err := nextStatus(o, ev)
	if err != nil {
		return fmt.Errorf("reconcile event %s: %w", ev.ID, err)
	}
	if err := r.store.SetStatus(ctx, o.ID, status); err != nil {
		return fmt.Errorf("reconcile event %s: update order %s: %w", ev.ID, o.ID, err)
	}
	return nil
}

// nextStatus returns the status the order moves to once ev is applied.
func nextStatus(o Order, ev Event) (string, error) {
	if ev.Amount != o.Amount || ev.Currency != o.Currency {
		return "", fmt.Errorf("order %s wants %d %s, event has %d %s: %w",
			o.ID, o.Amount, o.Currency, ev.Amount, ev.Currency, ErrMismatch)
	}
	switch ev.Type {
	case "charge.succeeded":
		if o.Status == "refunded" {
			return o.Status, nil
		}
		return "paid", nil
	case "charge.refunded":
		return "refunded", nil
	default:
		return o.Status, nil
	}
}
