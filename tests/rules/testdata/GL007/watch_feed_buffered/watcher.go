package feed

// Watcher receives a feed's events, up to 64 of them ahead of its reader.
type Watcher struct {
	feed   *Feed
	events chan string
}

func newWatcher(f *Feed) *Watcher {
	return &Watcher{feed: f, events: make(chan string, 64)}
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
	w.events <- event
}
