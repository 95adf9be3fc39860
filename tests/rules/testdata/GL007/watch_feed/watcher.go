package feed

// Watcher receives a feed's events.
type Watcher struct {
	feed   *Feed
	events chan string
}

func newWatcher(f *Feed) *Watcher {
	return &Watcher{feed: f, events: make(chan string)}
}

// Events is where the watcher reads.
func (w *Watcher) Events() <-chan string {
	return w.events
}

// Unsubscribe stops the deliveries to this watcher.
func (w *Watcher) Unsubscribe() {
	w.feed.mu.Lock()
	delete(w.feed.watchers, w)
	w.feed.mu.Unlock()
}

func (w *Watcher) push(event string) {
	w.events <- event // want "goroutine `push` blocks forever sending on `w.events` once the reader has called `Unsubscribe`: nothing in the package receives from it \\(`Events` hands it out\\)"
}
