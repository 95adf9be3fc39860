package fixedtimerstopped

import (
	"sync"
	"time"
)

// run: w := &Watch{}; w.Slow(func() {}); time.Sleep(100 * time.Millisecond)

// Watch reports a step that takes longer than a second.
type Watch struct {
	mu   sync.Mutex
	slow int
}

// Slow runs step; the count runs only if the timer fires, and nothing waits when it
// is stopped.
func (w *Watch) Slow(step func()) {
	t := time.AfterFunc(time.Second, func() {
		w.mu.Lock()
		w.slow++
		w.mu.Unlock()
	})
	defer t.Stop()
	step()
}
