package timerstopped

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

// Slow runs step and counts it as slow if it outlives its timer. When it is fast,
// the deferred Stop keeps the timer from firing, and the goroutine waits for good.
func (w *Watch) Slow(step func()) {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	go func() {
		<-t.C // want "goroutine blocks forever receiving from `t.C` once the timer is stopped \\(`t.Stop\\(\\)` at line 20\\): `Stop` neither fires nor closes `C`"
		w.mu.Lock()
		w.slow++
		w.mu.Unlock()
	}()
	step()
}
