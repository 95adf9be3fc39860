package feed

// Watcher receives a feed's events.
type Watcher struct {
	feed   *Feed
	events chan string
	gone   chan struct{}
}

func newWatcher(f *Feed) *Watcher {
	return &Watcher{feed: f, events: make(chan string), gone: make(chan struct{})}
}

// Events is where the watcher reads.
func (w *Watcher) Events() <-chan string {
	return w.events
}

// Unsubscribe stops the deliveries to this watcher, and drops those in flight.
func (w *Watcher) Unsubscribe() {
	w.feed.mu.Lock()
	delete(w.feed.watchers, w)
	w.feed.mu.Unlock()
	close(w.gone)
}

func (w *Watcher) push(event string) {
	select {
	case w.events <- event:
	case <-w.gone:
	}
}
