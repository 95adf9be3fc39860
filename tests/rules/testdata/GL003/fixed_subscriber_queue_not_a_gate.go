package fixedsubscriberqueuenotagate

import "sync"

// watcher receives the newest price; a slow watcher skips straight to the latest.
type watcher struct {
	latest chan float64
}

// push replaces an unread price with p. The caller holds the board's lock, which
// makes it the only sender, so the send after the drain cannot block.
func (w *watcher) push(p float64) {
	select {
	case <-w.latest:
	default:
	}
	w.latest <- p
}

// Board publishes prices to watchers.
type Board struct {
	mu       sync.Mutex
	next     int
	closed   bool
	price    float64
	watchers map[int]*watcher
}

// Watch calls fn with every new price until the board closes; it returns the
// watcher's id.
func (b *Board) Watch(fn func(float64)) int {
	w := &watcher{latest: make(chan float64, 1)}
	b.mu.Lock()
	b.next++
	id := b.next
	w.push(b.price)
	if b.closed {
		close(w.latest)
	} else {
		b.watchers[id] = w
	}
	b.mu.Unlock()
	go func() {
		for p := range w.latest {
			fn(p)
		}
	}()
	return id
}

// Set publishes a new price.
func (b *Board) Set(p float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.price = p
	for _, w := range b.watchers {
		w.push(p)
	}
}

// Forget drops the watcher registered as id.
func (b *Board) Forget(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if w, ok := b.watchers[id]; ok {
		delete(b.watchers, id)
		close(w.latest)
	}
}

// Close ends every watcher.
func (b *Board) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for id, w := range b.watchers {
		close(w.latest)
		delete(b.watchers, id)
	}
}
