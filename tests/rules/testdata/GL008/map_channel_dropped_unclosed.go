package feed

import "sync"

// run: f := NewFeed(); stop := f.Watch(func(string) {}); stop(); f.Shutdown()

// Feed fans events out to watchers, each served by its own goroutine.
type Feed struct {
	mu       sync.Mutex
	watchers map[int]chan string
	next     int
}

func NewFeed() *Feed {
	return &Feed{watchers: make(map[int]chan string)}
}

// Watch calls fn for every event until the returned stop is called.
func (f *Feed) Watch(fn func(string)) (stop func()) {
	ch := make(chan string, 16)
	f.mu.Lock()
	id := f.next
	f.next++
	f.watchers[id] = ch
	f.mu.Unlock()
	go serve(ch, fn)
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.watchers, id)
	}
}

func serve(ch <-chan string, fn func(string)) {
	for ev := range ch { // want "goroutine `serve` never finishes ranging over `ch`: the function literal deletes it from `f.watchers` at line 30 without closing it, while the package closes the channels of `f.watchers` only at line 57, so the loop waits for another value forever"
		fn(ev)
	}
}

// Publish hands ev to every watcher with room for it.
func (f *Feed) Publish(ev string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.watchers {
		select {
		case ch <- ev:
		default:
		}
	}
}

// Shutdown ends every watcher.
func (f *Feed) Shutdown() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, ch := range f.watchers {
		close(ch)
		delete(f.watchers, id)
	}
}
