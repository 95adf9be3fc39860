package crane

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type pending struct {
	move     Move
	enqueued time.Time
	done     chan Result
}

// Allocator hands queued container moves to the cranes of one berth. Each
// crane has an operator goroutine that takes the oldest move from the queue.
type Allocator struct {
	cfg   Config
	hoist Hoist

	ctx    context.Context
	cancel context.CancelFunc

	mu            sync.Mutex
	cond          *sync.Cond
	queue         []*pending
	busy          map[string]string
	paused        bool
	suspendReason string
	closed        bool
	stats         Stats
}

// New starts one operator per crane listed for the berth.
func New(berth string, cranes []string, hoist Hoist, opts ...Option) (*Allocator, error) {
	if hoist == nil {
		return nil, fmt.Errorf("crane: berth %s: nil hoist", berth)
	}
	cfg := defaultConfig(berth, cranes)
	for _, opt := range opts {
		opt(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &Allocator{
		cfg:    cfg,
		hoist:  hoist,
		ctx:    ctx,
		cancel: cancel,
		busy:   make(map[string]string, len(cfg.Cranes)),
		stats:  Stats{PerCrane: make(map[string]int, len(cfg.Cranes))},
	}
	a.cond = sync.NewCond(&a.mu)
	for _, id := range cfg.Cranes {
		go a.operate(id)
	}
	cfg.Logger.Printf("berth %s: %d cranes on duty", cfg.Berth, len(cfg.Cranes))
	return a, nil
}

// Submit queues a move and returns a channel that receives its result.
func (a *Allocator) Submit(m Move) (<-chan Result, error) {
	if err := m.validate(a.cfg.MaxWeight); err != nil {
		return nil, err
	}
	p := &pending{move: m, enqueued: time.Now(), done: make(chan Result, 1)}

	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, ErrClosed
	}
	if len(a.queue) >= a.cfg.MaxQueue {
		return nil, fmt.Errorf("%w: berth %s has %d moves waiting", ErrQueueFull, a.cfg.Berth, len(a.queue))
	}
	a.queue = append(a.queue, p)
	a.cond.Signal()
	return p.done, nil
}

// Suspend stops cranes from starting new lifts, e.g. on a wind alarm.
// Lifts already under way are completed.
func (a *Allocator) Suspend(reason string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.paused {
		return
	}
	a.paused = true
	a.suspendReason = reason
	a.cfg.Logger.Printf("berth %s: operations suspended: %s", a.cfg.Berth, reason)
}

// Resume lets the cranes pick up queued moves again.
func (a *Allocator) Resume() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.paused {
		return
	}
	a.paused = false
	a.cfg.Logger.Printf("berth %s: operations resumed after %s", a.cfg.Berth, a.suspendReason)
	a.suspendReason = ""
	a.cond.Broadcast()
}

// Stats returns a copy of the berth counters.
func (a *Allocator) Stats() Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.stats
	s.Queued = len(a.queue)
	s.Suspended = a.paused
	s.PerCrane = make(map[string]int, len(a.stats.PerCrane))
	for k, v := range a.stats.PerCrane {
		s.PerCrane[k] = v
	}
	s.Working = make(map[string]string, len(a.busy))
	for k, v := range a.busy {
		s.Working[k] = v
	}
	return s
}

// Close ends the shift. Moves still queued fail with ErrClosed and lifts in
// progress are aborted.
func (a *Allocator) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	dropped := a.queue
	a.queue = nil
	a.stats.Failed += len(dropped)
	a.mu.Unlock()

	a.cancel()
	a.cond.Broadcast()

	for _, p := range dropped {
		p.done <- Result{MoveID: p.move.ID, Waited: time.Since(p.enqueued), Err: ErrClosed}
	}
	if len(dropped) > 0 {
		a.cfg.Logger.Printf("berth %s: shift closed with %d moves unworked", a.cfg.Berth, len(dropped))
	}
	return nil
}

func (a *Allocator) operate(craneID string) {
	for {
		p, ok := a.next(craneID)
		if !ok {
			a.cfg.Logger.Printf("berth %s: crane %s off duty", a.cfg.Berth, craneID)
			return
		}
		a.work(craneID, p)
	}
}

func (a *Allocator) next(craneID string) (*pending, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for a.paused || (len(a.queue) == 0 && !a.closed) {
		a.cond.Wait() // leak: a suspended berth that is closed never satisfies the wait condition
	}
	if a.closed {
		return nil, false
	}
	p := a.queue[0]
	a.queue[0] = nil
	a.queue = a.queue[1:]
	a.busy[craneID] = p.move.ID
	return p, true
}

func (a *Allocator) work(craneID string, p *pending) {
	waited := time.Since(p.enqueued)
	ctx, cancel := context.WithTimeout(a.ctx, a.cfg.MoveTimeout)
	start := time.Now()
	err := a.hoist.Lift(ctx, craneID, p.move)
	cancel()
	if err != nil {
		err = fmt.Errorf("crane %s: move %s (%s %s->%s): %w",
			craneID, p.move.ID, p.move.Container, p.move.From, p.move.To, err)
		a.cfg.Logger.Print(err)
	}

	a.mu.Lock()
	delete(a.busy, craneID)
	if err != nil {
		a.stats.Failed++
	} else {
		a.stats.Completed++
		a.stats.PerCrane[craneID]++
	}
	a.mu.Unlock()

	p.done <- Result{
		MoveID:   p.move.ID,
		Crane:    craneID,
		Waited:   waited,
		Duration: time.Since(start),
		Err:      err,
	}
}
