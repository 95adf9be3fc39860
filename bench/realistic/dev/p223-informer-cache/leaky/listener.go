package informer

import "sync"

type notification struct {
	kind   EventType
	oldObj Object
	obj    Object
}

// listener delivers notifications to one handler on its own goroutine, so a
// slow handler never holds up the informer or the other handlers. Its queue
// is unbounded: add never blocks.
type listener struct {
	handler Handler

	mu      sync.Mutex
	cond    *sync.Cond
	pending []notification
	stopped bool
	done    chan struct{}
}

func newListener(h Handler) *listener {
	l := &listener{handler: h, done: make(chan struct{})}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// add queues n for delivery. Notifications added after stop are dropped.
func (l *listener) add(n notification) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return
	}
	l.pending = append(l.pending, n)
	l.cond.Signal()
}

// stop makes run return once the notifications queued so far are delivered.
func (l *listener) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	l.cond.Broadcast()
}

func (l *listener) run() {
	defer close(l.done)
	for {
		l.mu.Lock()
		for len(l.pending) == 0 && !l.stopped {
			l.cond.Wait() // leak: a replaced listener is never stopped, so nothing wakes it
		}
		batch := l.pending
		l.pending = nil
		l.mu.Unlock()

		if len(batch) == 0 {
			return // stopped and drained
		}
		for _, n := range batch {
			l.dispatch(n)
		}
	}
}

func (l *listener) dispatch(n notification) {
	switch n.kind {
	case Added:
		l.handler.OnAdd(n.obj)
	case Modified:
		l.handler.OnUpdate(n.oldObj, n.obj)
	case Deleted:
		l.handler.OnDelete(n.obj)
	}
}
