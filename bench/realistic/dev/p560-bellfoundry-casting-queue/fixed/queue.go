package foundry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
)

// Caster performs a pour; in production it drives the furnace controller and
// waits for the crew to confirm the mould is filled.
type Caster interface {
	Pour(ctx context.Context, f Furnace, o Order) error
}

// Ledger records every casting attempt for the foundry's books.
type Ledger interface {
	Record(ctx context.Context, c Casting) error
}

var (
	// ErrShutdown is returned by Enqueue and Configure after Shutdown.
	ErrShutdown = errors.New("foundry: queue shut down")
	// ErrNoFurnace is returned when no furnace can take an order.
	ErrNoFurnace = errors.New("foundry: no furnace can take this order")
)

// Option configures a Queue.
type Option func(*Queue)

// WithLogger sets the queue's logger.
func WithLogger(l *log.Logger) Option { return func(q *Queue) { q.log = l } }

// WithClock sets the clock used for pour timestamps.
func WithClock(c Clock) Option { return func(q *Queue) { q.clock = c } }

// lane is one furnace's queue and the goroutine that works it.
type lane struct {
	furnace Furnace
	jobs    chan Order
	done    chan struct{}
}

// Queue distributes bell orders over the foundry's furnaces. Each furnace
// pours its orders one at a time, in the order they were queued.
type Queue struct {
	caster Caster
	ledger Ledger
	log    *log.Logger
	clock  Clock

	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.RWMutex
	lanes  map[string]*lane
	closed bool
}

// New returns a queue with no furnaces; add them with Configure.
func New(caster Caster, ledger Ledger, opts ...Option) *Queue {
	ctx, cancel := context.WithCancel(context.Background())
	q := &Queue{
		caster: caster,
		ledger: ledger,
		log:    log.New(io.Discard, "", 0),
		clock:  systemClock{},
		ctx:    ctx,
		cancel: cancel,
		lanes:  make(map[string]*lane),
	}
	for _, o := range opts {
		o(q)
	}
	return q
}

// Configure adds a furnace, or replaces the settings of a known one, for
// example after the crucible has been relined. Orders already queued for the
// furnace are poured with the settings they were queued under.
func (q *Queue) Configure(f Furnace) error {
	if err := f.validate(); err != nil {
		return err
	}
	if f.QueueDepth <= 0 {
		f.QueueDepth = 8
	}

	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrShutdown
	}
	if old, ok := q.lanes[f.ID]; ok {
		q.log.Printf("furnace %s reconfigured: %.0f kg -> %.0f kg, lining %q",
			f.ID, old.furnace.CapacityKg, f.CapacityKg, f.Lining)
		close(old.jobs)
	} else {
		q.log.Printf("furnace %s online: %.0f kg", f.ID, f.CapacityKg)
	}

	ln := &lane{
		furnace: f,
		jobs:    make(chan Order, f.QueueDepth),
		done:    make(chan struct{}),
	}
	q.lanes[f.ID] = ln
	go q.work(ln)
	return nil
}

// Enqueue validates o and queues it on a furnace able to melt enough bronze.
// It blocks while that furnace's queue is full.
func (q *Queue) Enqueue(ctx context.Context, o Order) (string, error) {
	if err := o.Validate(); err != nil {
		return "", err
	}

	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		return "", ErrShutdown
	}
	ln, err := q.pick(o)
	if err != nil {
		return "", err
	}
	select {
	case ln.jobs <- o:
		return ln.furnace.ID, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// pick chooses the smallest furnace that fits o, so large crucibles stay free
// for tenor bells. q.mu must be held.
func (q *Queue) pick(o Order) (*lane, error) {
	if o.Furnace != "" {
		ln, ok := q.lanes[o.Furnace]
		if !ok || !ln.furnace.fits(o) {
			return nil, fmt.Errorf("%w: %s needs %.0f kg at %.0f C on %s",
				ErrNoFurnace, o.ID, o.MetalKg(), o.PourTempC(), o.Furnace)
		}
		return ln, nil
	}
	var fit []*lane
	for _, ln := range q.lanes {
		if ln.furnace.fits(o) {
			fit = append(fit, ln)
		}
	}
	if len(fit) == 0 {
		return nil, fmt.Errorf("%w: %s needs %.0f kg", ErrNoFurnace, o.ID, o.MetalKg())
	}
	sort.Slice(fit, func(i, j int) bool {
		if fit[i].furnace.CapacityKg != fit[j].furnace.CapacityKg {
			return fit[i].furnace.CapacityKg < fit[j].furnace.CapacityKg
		}
		return fit[i].furnace.ID < fit[j].furnace.ID
	})
	return fit[0], nil
}

func (q *Queue) work(ln *lane) {
	defer close(ln.done)
	for o := range ln.jobs {
		c := Casting{
			Order:    o,
			Furnace:  ln.furnace.ID,
			Lining:   ln.furnace.Lining,
			MetalKg:  o.MetalKg(),
			PourTemp: o.PourTempC(),
		}
		c.Err = q.caster.Pour(q.ctx, ln.furnace, o)
		c.Poured = q.clock.Now()
		if c.Err != nil {
			q.log.Printf("pour of %s on %s failed: %v", o.ID, ln.furnace.ID, c.Err)
		}
		if err := q.ledger.Record(q.ctx, c); err != nil {
			q.log.Printf("ledger: %s: %v", o.ID, err)
		}
	}
}

// Shutdown stops accepting orders, lets every furnace finish its queue and
// waits for the last pour or for ctx to expire.
func (q *Queue) Shutdown(ctx context.Context) error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	lanes := make([]*lane, 0, len(q.lanes))
	for _, ln := range q.lanes {
		close(ln.jobs)
		lanes = append(lanes, ln)
	}
	q.mu.Unlock()

	defer q.cancel()
	for _, ln := range lanes {
		select {
		case <-ln.done:
		case <-ctx.Done():
			return fmt.Errorf("foundry: furnace %s still pouring: %w", ln.furnace.ID, ctx.Err())
		}
	}
	q.log.Printf("all furnaces idle")
	return nil
}
