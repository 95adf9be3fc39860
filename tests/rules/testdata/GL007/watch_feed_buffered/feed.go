package feed

import "sync"

// Feed hands every event to each of its watchers.
type Feed struct {
	mu       sync.Mutex
	watchers map[*Watcher]bool
}

func NewFeed() *Feed {
	return &Feed{watchers: map[*Watcher]bool{}}
}

// Watch adds a watcher; it must read Events until it unsubscribes.
func (f *Feed) Watch() *Watcher {
	w := newWatcher(f)
	f.mu.Lock()
	f.watchers[w] = true
	f.mu.Unlock()
	return w
}

// Emit never waits for a slow watcher: each delivery runs on its own.
func (f *Feed) Emit(event string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for w := range f.watchers {
		go w.push(event)
	}
}
