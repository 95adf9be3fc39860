package fixeddoneinadeferredliteral

import (
	"sync"
	"sync/atomic"
)

type family struct {
	mu        sync.Mutex
	flushing  atomic.Bool
	flushCond sync.WaitGroup
	pending   int
}

// Flush writes what is pending, once at a time.
func (f *family) Flush() error {
	if f.flushing.CompareAndSwap(false, true) {
		defer func() {
			f.flushCond.Done()
			f.flushing.Store(false)
		}()
		f.flushCond.Add(1)
		f.mu.Lock()
		if f.pending == 0 {
			f.mu.Unlock()
			return nil
		}
		f.pending = 0
		f.mu.Unlock()
	}
	return nil
}

// Close waits for a running flush.
func (f *family) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.flushCond.Wait()
}
