package fixedlostkey

import (
	"context"
	"strconv"
	"sync"
)

// Watchers runs one watch per path and generation.
type Watchers struct {
	mu    sync.Mutex
	stops map[string]context.CancelFunc
}

func NewWatchers() *Watchers { return &Watchers{stops: map[string]context.CancelFunc{}} }

func watchKey(path string, gen int) string { return path + "@" + strconv.Itoa(gen) }

func (w *Watchers) Watch(path string, gen int) {
	ctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	w.stops[watchKey(path, gen)] = cancel
	w.mu.Unlock()
	go func() {
		<-ctx.Done()
	}()
}

func (w *Watchers) Unwatch(path string, gen int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := watchKey(path, gen)
	if stop := w.stops[key]; stop != nil {
		stop()
		delete(w.stops, key)
	}
}
