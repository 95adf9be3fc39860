package workshop

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Notifier is told about stage changes, for instance to e-mail the
// customer when their instrument is ready, and about rejected updates.
// It is called without any workshop lock held.
type Notifier interface {
	StageChanged(o Order)
	UpdateRejected(u StageUpdate, err error)
}

// ErrClosed is returned after Close.
var ErrClosed = errors.New("workshop: closed")

// Option configures a Workshop.
type Option func(*Workshop)

// WithClock overrides time.Now, for tests.
func WithClock(now func() time.Time) Option {
	return func(w *Workshop) { w.now = now }
}

// WithShutdownTimeout bounds how long Close waits for the update loop.
func WithShutdownTimeout(d time.Duration) Option {
	return func(w *Workshop) { w.shutdownTimeout = d }
}

// Workshop holds the order book. Stage updates reported from the bench
// terminals are applied in arrival order by a single update loop.
type Workshop struct {
	notify          Notifier
	now             func() time.Time
	shutdownTimeout time.Duration

	mu     sync.Mutex
	orders map[string]*Order
	seq    int

	updates chan StageUpdate
	cancel  context.CancelFunc
	done    chan struct{}
}

// New opens a workshop and starts its update loop.
func New(n Notifier, opts ...Option) *Workshop {
	w := &Workshop{
		notify:          n,
		now:             time.Now,
		shutdownTimeout: 2 * time.Second,
		orders:          make(map[string]*Order),
		updates:         make(chan StageUpdate),
		done:            make(chan struct{}),
	}
	for _, o := range opts {
		o(w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go w.loop(ctx)
	return w
}

// Place books a new commission and returns its order ID.
func (w *Workshop) Place(spec Spec) (string, error) {
	if err := spec.validate(); err != nil {
		return "", err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seq++
	id := fmt.Sprintf("%s-%04d", spec.Instrument, w.seq)
	w.orders[id] = &Order{ID: id, Spec: spec, Stage: Received}
	return id, nil
}

// Order returns a copy of the order with the given ID.
func (w *Workshop) Order(id string) (Order, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	o, ok := w.orders[id]
	if !ok {
		return Order{}, false
	}
	return o.snapshot(), true
}

// Overdue lists the orders not yet ready whose due date has passed.
func (w *Workshop) Overdue() []Order {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	var out []Order
	for _, o := range w.orders {
		if o.Stage < Ready && o.Spec.Due.Before(now) {
			out = append(out, o.snapshot())
		}
	}
	return out
}

func (o *Order) snapshot() Order {
	c := *o
	c.History = append([]Transition(nil), o.History...)
	return c
}

// Submit queues a stage update. Whether it was applied is reported to the
// Notifier.
func (w *Workshop) Submit(ctx context.Context, u StageUpdate) error {
	select {
	case w.updates <- u:
		return nil
	case <-w.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *Workshop) loop(ctx context.Context) {
	defer close(w.done)
	for {
		select {
		case u := <-w.updates:
			o, err := w.apply(u)
			if err != nil {
				w.notify.UpdateRejected(u, err)
				continue
			}
			w.notify.StageChanged(o)
		case <-ctx.Done():
			return
		}
	}
}

// apply moves an order to its next stage and returns the updated order.
// The lock is released before returning so that the caller can notify
// without holding it.
func (w *Workshop) apply(u StageUpdate) (Order, error) {
	w.mu.Lock()
	o, ok := w.orders[u.OrderID]
	if !ok {
		w.mu.Unlock()
		return Order{}, fmt.Errorf("%w %q", ErrUnknownOrder, u.OrderID)
	}
	if !o.Stage.canAdvanceTo(u.To) {
		err := &TransitionError{OrderID: o.ID, From: o.Stage, To: u.To}
		w.mu.Unlock()
		return Order{}, err
	}
	o.History = append(o.History, Transition{From: o.Stage, To: u.To, At: w.now(), By: u.By})
	o.Stage = u.To
	snap := o.snapshot()
	w.mu.Unlock()
	return snap, nil
}

// Close stops the update loop. Updates not yet submitted are refused.
func (w *Workshop) Close() error {
	w.cancel()
	select {
	case <-w.done:
		return nil
	case <-time.After(w.shutdownTimeout):
		return errors.New("workshop: update loop did not stop")
	}
}
