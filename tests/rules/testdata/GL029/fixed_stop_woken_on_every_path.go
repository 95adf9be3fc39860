package configwatch

import "sync"

// run: w := newWatcher(); go w.follow(func(view) {}); w.close()

// view is what a follower sees of the configuration.
type view struct {
	version uint64
	body    string
	dirty   bool
	stopped bool
}

// watcher hands the latest configuration to a follower goroutine.
type watcher struct {
	mu   sync.Mutex
	cond *sync.Cond
	cur  view
}

func newWatcher() *watcher {
	w := &watcher{}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// publish records a new configuration body.
func (w *watcher) publish(body string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cur.stopped || w.cur.body == body {
		return
	}
	w.cur.body = body
	w.cur.dirty = true
	w.cur.version++
	w.cond.Broadcast()
}

// close ends the watch; a configuration not yet seen is flushed first.
func (w *watcher) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cur.stopped = true
	w.cur.version++
	w.cond.Broadcast()
}

// wait blocks until the version moves past seen.
func (w *watcher) wait(seen uint64) view {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.cur.version == seen {
		w.cond.Wait()
	}
	w.cur.dirty = false
	return w.cur
}

// follow calls apply for each configuration until the watcher is closed.
func (w *watcher) follow(apply func(view)) {
	var seen uint64
	for {
		v := w.wait(seen)
		if v.stopped {
			return
		}
		seen = v.version
		apply(v)
	}
}
