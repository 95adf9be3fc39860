package dispatch

import (
	"errors"
	"sync"
)

// run: d := New(Options{}, func(string) {}); go d.Work(); d.Stop()

// ErrStopped is returned by Submit once the dispatcher is stopped.
var ErrStopped = errors.New("dispatch: stopped")

// Options tune a Dispatcher.
type Options struct {
	// DrainOnStop hands the worker a last marker so it finishes the queue first.
	DrainOnStop bool
}

type job struct {
	name string
	last bool
}

// Dispatcher runs submitted jobs one at a time on a worker goroutine.
type Dispatcher struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []job
	closed bool
	opts   Options
	run    func(string)
}

// New returns a dispatcher; the caller starts Work on a goroutine.
func New(opts Options, run func(string)) *Dispatcher {
	d := &Dispatcher{opts: opts, run: run}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// Submit queues a job.
func (d *Dispatcher) Submit(name string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrStopped
	}
	d.queue = append(d.queue, job{name: name})
	d.cond.Signal()
	return nil
}

// Stop ends the dispatcher.
func (d *Dispatcher) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.opts.DrainOnStop {
		d.queue = append(d.queue, job{last: true})
		d.cond.Broadcast()
	}
}

func (d *Dispatcher) next() (job, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for len(d.queue) == 0 {
		d.cond.Wait() // want "`d.cond.Wait\(\)` may never return once `Stop` has run: it sets `d.closed`, which this loop does not test, and changes what the loop waits for and wakes the waiters on one side of `if d.opts.DrainOnStop` only"
	}
	if d.closed && len(d.queue) == 0 {
		return job{}, false
	}
	j := d.queue[0]
	d.queue = d.queue[1:]
	return j, !j.last
}

// Work runs jobs until the dispatcher is stopped.
func (d *Dispatcher) Work() {
	for {
		j, ok := d.next()
		if !ok {
			return
		}
		d.run(j.name)
	}
}
