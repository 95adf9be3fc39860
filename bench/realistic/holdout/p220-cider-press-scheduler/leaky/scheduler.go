package cidersched

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
)

// ErrClosed is returned after Close.
var ErrClosed = errors.New("cidersched: scheduler closed")

// Config tunes the scheduler.
type Config struct {
	// BatchKg caps a single press load; zero means the smallest press capacity.
	BatchKg float64
	Logger  *log.Logger
}

type pressResult struct {
	pressID string
	yield   Yield
	err     error
}

type orderState struct {
	remaining int
	completed bool
	yields    []Yield
	failed    error
	waiters   []chan struct{}
}

// Scheduler assigns apple batches to free presses in priority order.
type Scheduler struct {
	cfg     Config
	store   Store
	presses map[string]Press
	log     *log.Logger

	submit   chan Order
	finished chan pressResult
	done     chan struct{}
	halt     func()
	runs     sync.WaitGroup

	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
	orders map[string]*orderState
}

// New starts a scheduler and re-queues the orders the store still has pending.
func New(ctx context.Context, cfg Config, store Store, presses ...Press) (*Scheduler, error) {
	if store == nil {
		return nil, errors.New("cidersched: store is required")
	}
	if len(presses) == 0 {
		return nil, errors.New("cidersched: at least one press is required")
	}
	byID := make(map[string]Press, len(presses))
	smallest := presses[0].CapacityKg()
	for _, p := range presses {
		if _, dup := byID[p.ID()]; dup {
			return nil, fmt.Errorf("cidersched: duplicate press %s", p.ID())
		}
		byID[p.ID()] = p
		if p.CapacityKg() < smallest {
			smallest = p.CapacityKg()
		}
	}
	if cfg.BatchKg <= 0 || cfg.BatchKg > smallest {
		cfg.BatchKg = smallest
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}

	runCtx, cancel := context.WithCancel(context.Background())
	stop := make(chan struct{})
	var once sync.Once
	s := &Scheduler{
		cfg:      cfg,
		store:    store,
		presses:  byID,
		log:      cfg.Logger,
		submit:   make(chan Order),
		finished: make(chan pressResult),
		done:     make(chan struct{}),
		halt:     func() { once.Do(func() { close(stop) }) },
		ctx:      runCtx,
		cancel:   cancel,
		orders:   make(map[string]*orderState),
	}
	go s.loop(stop)

	pending, err := store.Pending(ctx)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("cidersched: load pending orders: %w", err)
	}
	sort.SliceStable(pending, func(i, j int) bool { return pending[i].Received.Before(pending[j].Received) })
	for _, o := range pending {
		if err := s.Submit(ctx, o); err != nil {
			s.Close()
			return nil, fmt.Errorf("cidersched: requeue %s: %w", o.ID, err)
		}
	}
	if len(pending) > 0 {
		s.log.Printf("requeued %d pending orders", len(pending))
	}
	return s, nil
}

// Submit queues an order for pressing.
func (s *Scheduler) Submit(ctx context.Context, o Order) error {
	if err := o.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	if _, dup := s.orders[o.ID]; dup {
		s.mu.Unlock()
		return fmt.Errorf("cidersched: order %s already queued", o.ID)
	}
	s.orders[o.ID] = &orderState{}
	s.mu.Unlock()

	select {
	case s.submit <- o:
		return nil
	case <-s.done:
		return ErrClosed
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.orders, o.ID)
		s.mu.Unlock()
		return ctx.Err()
	}
}

// Wait blocks until every batch of an order has been pressed.
func (s *Scheduler) Wait(ctx context.Context, orderID string) ([]Yield, error) {
	s.mu.Lock()
	st, ok := s.orders[orderID]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("cidersched: unknown order %s", orderID)
	}
	if !st.completed {
		ch := make(chan struct{})
		st.waiters = append(st.waiters, ch)
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		s.mu.Lock()
	}
	defer s.mu.Unlock()
	return append([]Yield(nil), st.yields...), st.failed
}

// Close stops dispatching, aborts running presses and waits for them.
func (s *Scheduler) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	s.mu.Unlock()

	s.halt()
	<-s.done
	s.cancel()
	s.runs.Wait()
	return nil
}

func (s *Scheduler) loop(stop <-chan struct{}) {
	defer close(s.done)
	var queue batchQueue
	free := make([]string, 0, len(s.presses))
	for id := range s.presses {
		free = append(free, id)
	}
	sort.Strings(free)

	for {
		for len(free) > 0 {
			b, ok := queue.pop()
			if !ok {
				break
			}
			id := free[0]
			free = free[1:]
			s.runs.Add(1)
			go s.press(s.presses[id], b)
		}

		select { // leak: nothing closes stop when New fails to load pending orders
		case o := <-s.submit:
			batches := splitOrder(o, s.cfg.BatchKg)
			s.mu.Lock()
			s.orders[o.ID].remaining = len(batches)
			s.mu.Unlock()
			queue.push(batches...)
			s.log.Printf("order %s: %.0f kg %s in %d batches", o.ID, o.AppleKg, o.Variety, len(batches))
		case r := <-s.finished:
			free = append(free, r.pressID)
			sort.Strings(free)
			s.record(r)
		case <-stop:
			return
		}
	}
}

func (s *Scheduler) press(p Press, b Batch) {
	defer s.runs.Done()
	y, err := p.Run(s.ctx, b)
	y.Batch, y.PressID = b, p.ID()
	select {
	case s.finished <- pressResult{pressID: p.ID(), yield: y, err: err}:
	case <-s.ctx.Done():
	}
}

func (s *Scheduler) record(r pressResult) {
	orderID := r.yield.Batch.OrderID
	if r.err != nil {
		s.log.Printf("press %s failed: %v", r.pressID, r.err)
	} else if err := s.store.SaveYield(s.ctx, r.yield); err != nil {
		s.log.Printf("save yield for %s: %v", r.yield.Batch, err)
	}

	s.mu.Lock()
	st, ok := s.orders[orderID]
	if !ok {
		s.mu.Unlock()
		return
	}
	st.remaining--
	if r.err != nil {
		if st.failed == nil {
			st.failed = fmt.Errorf("cidersched: %s on %s: %w", r.yield.Batch, r.pressID, r.err)
		}
	} else {
		st.yields = append(st.yields, r.yield)
	}
	var wake []chan struct{}
	if st.remaining == 0 {
		st.completed = true
		wake, st.waiters = st.waiters, nil
	}
	succeeded := st.completed && st.failed == nil
	s.mu.Unlock()

	if succeeded {
		if err := s.store.MarkDone(s.ctx, orderID); err != nil {
			s.log.Printf("mark %s done: %v", orderID, err)
		}
	}
	for _, ch := range wake {
		close(ch)
	}
}
