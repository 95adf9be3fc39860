package lostkey

import (
	"context"
	"strconv"
	"sync"
)

// run: w := NewWatchers(); w.Watch("cfg", 1); w.Unwatch("cfg", 1)

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
		<-ctx.Done() // want "the cancel function is kept under `w.stops\[watchKey\(path, gen\)\]` \(line 24\), but the package looks that map up only by keys built otherwise"
	}()
}

func (w *Watchers) Unwatch(path string, gen int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if stop := w.stops[path]; stop != nil {
		stop()
		delete(w.stops, path)
	}
}
