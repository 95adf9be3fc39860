package leader

// observe records the lease holder seen in the store and wakes watchers if
// it changed.
func (e *Elector) observe(holder string, leading bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.leading = leading
	if holder == e.leader {
		return
	}
	e.leader = holder
	e.gen++
	e.cond.Broadcast()
}

// Watch calls fn with the current leader and then again every time the
// observed leader changes ("" means vacant). Calls are made one at a time
// from a dedicated goroutine; fn must not block for long. The watch ends
// when stop is called or the Elector is closed.
func (e *Elector) Watch(fn func(leader string)) (stop func()) {
	w := &watcher{}
	go e.watch(w, fn)
	return func() {
		e.mu.Lock()
		w.stopped = true
		e.cond.Broadcast()
		e.mu.Unlock()
	}
}

type watcher struct {
	stopped bool // guarded by Elector.mu
}

func (e *Elector) watch(w *watcher, fn func(string)) {
	e.mu.Lock()
	for {
		if e.closed || w.stopped {
			e.mu.Unlock()
			return
		}
		seen, leader := e.gen, e.leader
		e.mu.Unlock()
		fn(leader)
		e.mu.Lock()
		for e.gen == seen && !e.closed && !w.stopped {
			e.cond.Wait() // leak: Close on a follower never broadcasts
		}
	}
}
