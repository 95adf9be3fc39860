package scenes

import (
	"context"
	"fmt"
	"sync"
)

// EventKind describes what happened in an execution.
type EventKind int

// Execution events.
const (
	StepStarted EventKind = iota
	StepSkipped
	StepDone
	StepFailed
	Paused
	Resumed
	Finished
)

// Event reports progress of an execution.
type Event struct {
	Kind EventKind
	Step int
	Err  error
}

const eventBuffer = 64

// Execution is one run of a scene.
type Execution struct {
	r      *Runner
	scene  Scene
	ctx    context.Context
	cancel context.CancelFunc
	events chan Event
	done   chan struct{}
	err    error

	mu      sync.Mutex
	cond    *sync.Cond
	paused  bool
	stopped bool
}

func newExecution(r *Runner, sc Scene) *Execution {
	e := &Execution{
		r:      r,
		scene:  sc,
		events: make(chan Event, eventBuffer),
		done:   make(chan struct{}),
	}
	e.ctx, e.cancel = context.WithCancel(r.ctx)
	e.cond = sync.NewCond(&e.mu)
	return e
}

// Events returns the execution's events. It is closed when the execution
// ends. Events are dropped if the reader falls too far behind.
func (e *Execution) Events() <-chan Event { return e.events }

// Done is closed when the execution has ended.
func (e *Execution) Done() <-chan struct{} { return e.done }

// Err returns why the execution ended; it is valid once Done is closed.
func (e *Execution) Err() error {
	<-e.done
	return e.err
}

// Pause holds the execution before its next step. An action already sent to
// a device completes.
func (e *Execution) Pause() {
	e.mu.Lock()
	e.paused = true
	e.mu.Unlock()
}

// Resume continues a paused execution.
func (e *Execution) Resume() {
	e.mu.Lock()
	e.paused = false
	e.mu.Unlock()
	e.cond.Broadcast()
}

// Stop ends the execution before its next step and cancels any action in
// flight. It does not wait for the execution to end.
func (e *Execution) Stop() {
	e.mu.Lock()
	e.stopped = true
	e.mu.Unlock()
	e.cond.Broadcast()
	e.cancel()
}

func (e *Execution) run() {
	defer close(e.done)
	defer close(e.events)
	defer e.r.finished(e)
	defer e.cancel()

	for i, st := range e.scene.Steps {
		if st.Delay > 0 {
			select {
			case <-e.r.clock.After(st.Delay):
			case <-e.ctx.Done():
			}
		}
		if err := e.checkpoint(i); err != nil {
			e.end(i, err)
			return
		}
		if st.When != nil {
			ok, err := e.holds(st.When)
			if err != nil || !ok {
				e.emit(Event{Kind: StepSkipped, Step: i, Err: err})
				continue
			}
		}
		e.emit(Event{Kind: StepStarted, Step: i})
		if err := e.execute(st.Action); err != nil {
			e.emit(Event{Kind: StepFailed, Step: i, Err: err})
			if !st.Optional {
				e.end(i, fmt.Errorf("scene %q step %d (%s): %w", e.scene.ID, i, st.Name, err))
				return
			}
			continue
		}
		e.emit(Event{Kind: StepDone, Step: i})
	}
	e.end(len(e.scene.Steps), nil)
}

// checkpoint blocks while the execution is paused and reports whether it
// may go on with step i.
func (e *Execution) checkpoint(i int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.paused && !e.stopped {
		e.emit(Event{Kind: Paused, Step: i})
		for e.paused && !e.stopped {
			e.cond.Wait()
		}
		if !e.stopped {
			e.emit(Event{Kind: Resumed, Step: i})
		}
	}
	if e.stopped {
		return ErrStopped
	}
	return e.ctx.Err()
}

func (e *Execution) holds(c *Condition) (bool, error) {
	ctx, cancel := context.WithTimeout(e.ctx, e.r.actionTimeout)
	defer cancel()
	v, err := e.r.devices.Attribute(ctx, c.Device, c.Attribute)
	if err != nil {
		return false, fmt.Errorf("read %s.%s: %w", c.Device, c.Attribute, err)
	}
	return v == c.Equals, nil
}

// execute sends a to its device, retrying with exponential backoff.
func (e *Execution) execute(a Action) error {
	var err error
	wait := e.r.backoff
	for attempt := 0; attempt <= e.r.retries; attempt++ {
		if attempt > 0 {
			select {
			case <-e.r.clock.After(wait):
				wait *= 2
			case <-e.ctx.Done():
				return fmt.Errorf("%s %s: %w (last error: %v)", a.Device, a.Command, e.ctx.Err(), err)
			}
		}
		ctx, cancel := context.WithTimeout(e.ctx, e.r.actionTimeout)
		err = e.r.devices.Execute(ctx, a)
		cancel()
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s %s: %w", a.Device, a.Command, err)
}

func (e *Execution) end(step int, err error) {
	e.err = err
	e.emit(Event{Kind: Finished, Step: step, Err: err})
}

// emit never blocks the scene on a slow reader.
func (e *Execution) emit(ev Event) {
	select {
	case e.events <- ev:
	default:
	}
}
