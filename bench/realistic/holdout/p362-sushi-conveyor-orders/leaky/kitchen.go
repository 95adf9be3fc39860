package conveyor

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Clock lets tests run the kitchen without waiting for real prep times.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type ticket struct {
	seat int
	item Item
}

// Kitchen prepares ordered dishes with a fixed number of chefs and puts
// the finished plates on the belt.
type Kitchen struct {
	menu  Menu
	belt  *Belt
	clock Clock

	tickets chan ticket
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup

	nextID atomic.Int64

	mu     sync.Mutex
	closed bool
}

// KitchenOption configures a Kitchen.
type KitchenOption func(*Kitchen)

// WithClock replaces the wall clock.
func WithClock(c Clock) KitchenOption { return func(k *Kitchen) { k.clock = c } }

// NewKitchen starts chefs working for the given menu and belt.
func NewKitchen(menu Menu, belt *Belt, chefs int, opts ...KitchenOption) *Kitchen {
	ctx, cancel := context.WithCancel(context.Background())
	k := &Kitchen{
		menu:    menu,
		belt:    belt,
		clock:   realClock{},
		tickets: make(chan ticket, 64),
		ctx:     ctx,
		cancel:  cancel,
	}
	for _, o := range opts {
		o(k)
	}
	if chefs < 1 {
		chefs = 1
	}
	for i := 0; i < chefs; i++ {
		k.wg.Add(1)
		go k.chef()
	}
	return k
}

// Submit validates an order and queues one ticket per dish.
func (k *Kitchen) Submit(ctx context.Context, o Order) error {
	if err := k.menu.Validate(o); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return ErrClosed
	}
	for _, name := range o.Items {
		select {
		case k.tickets <- ticket{seat: o.Seat, item: k.menu[name]}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (k *Kitchen) chef() {
	defer k.wg.Done()
	for t := range k.tickets {
		if err := k.clock.Sleep(k.ctx, t.item.PrepTime); err != nil {
			continue
		}
		k.belt.Put(Plate{
			ID:      int(k.nextID.Add(1)),
			Seat:    t.seat,
			Item:    t.item.Name,
			Color:   t.item.Color,
			ReadyAt: k.clock.Now(),
		})
	}
}

// Close stops accepting orders, lets the chefs finish queued tickets and
// waits for them.
func (k *Kitchen) Close() {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return
	}
	k.closed = true
	close(k.tickets)
	k.mu.Unlock()
	k.wg.Wait()
	k.cancel()
}

// Abort is like Close but discards tickets that have not been started.
func (k *Kitchen) Abort() {
	k.cancel()
	k.Close()
}
