package presence

import "sync"

// watcher delivers events to a subscriber callback from its own goroutine so
// that a slow subscriber never blocks the tracker. Events are queued in a
// bounded slice; when the subscriber falls behind the oldest are dropped.
type watcher struct {
	fn       func(Event)
	maxQueue int
	logf     func(format string, args ...interface{})

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Event
	dropped int
	stopped bool
}

func newWatcher(fn func(Event), maxQueue int, logf func(string, ...interface{})) *watcher {
	w := &watcher{fn: fn, maxQueue: maxQueue, logf: logf}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// push enqueues ev for delivery. It never blocks on the subscriber.
func (w *watcher) push(ev Event) {
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		return
	}
	if len(w.queue) >= w.maxQueue {
		w.queue = w.queue[1:]
		w.dropped++
	}
	w.queue = append(w.queue, ev)
	w.mu.Unlock()
	w.cond.Signal()
}

// stop discards pending events and makes run return.
func (w *watcher) stop() {
	w.mu.Lock()
	w.stopped = true
	w.queue = nil
	w.mu.Unlock()
	w.cond.Broadcast()
}

// run delivers queued events until stop is called.
func (w *watcher) run() {
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.stopped {
			w.cond.Wait()
		}
		if w.stopped {
			w.mu.Unlock()
			return
		}
		batch := w.queue
		w.queue = nil
		if w.dropped > 0 {
			w.logf("presence: watcher fell behind, dropped %d events", w.dropped)
			w.dropped = 0
		}
		w.mu.Unlock()

		for _, ev := range batch {
			w.deliver(ev)
		}
	}
}

func (w *watcher) deliver(ev Event) {
	defer func() {
		if r := recover(); r != nil {
			w.logf("presence: watcher callback panicked on event %d: %v", ev.Kind, r)
		}
	}()
	w.fn(ev)
}
