package watch

import (
	"context"
	"sync"
	"time"
)

type Source interface {
	Poll(key string) (string, error)
}

// Watcher polls one key at a time and reports its changes.
type Watcher struct {
	src     Source
	mu      sync.Mutex
	cancel  context.CancelFunc
	changes chan string
}

func NewWatcher(src Source) *Watcher {
	return &Watcher{src: src, changes: make(chan string, 16)}
}

// Watch switches the watcher to key.
func (w *Watcher) Watch(key string) {
	ctx, cancel := context.WithCancel(context.Background())
	w.mu.Lock()
	w.cancel = cancel
	w.mu.Unlock()
	go w.poll(ctx, key)
}

func (w *Watcher) poll(ctx context.Context, key string) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	last := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, err := w.src.Poll(key)
		if err != nil || v == last {
			continue
		}
		last = v
		select {
		case w.changes <- v:
		default:
		}
	}
}

// Close stops the current watch.
func (w *Watcher) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		w.cancel()
	}
}
