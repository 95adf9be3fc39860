package storedneverwoken

import "sync"

// worker waits on the condition it was given; its maker stores it and never wakes it.
type worker struct {
	done bool
	cond *sync.Cond
}

func (w *worker) run() {
	w.cond.L.Lock()
	for !w.done {
		w.cond.Wait() // want "`w.cond.Wait\(\)` never returns: nothing in the package calls `w.cond.Signal\(\)` or `Broadcast\(\)`"
	}
	w.cond.L.Unlock()
}

func start() *worker {
	c := sync.NewCond(&sync.Mutex{})
	w := &worker{cond: c}
	go w.run()
	return w
}
