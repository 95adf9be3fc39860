package fresh

import (
	"sync"
	"testing"
)

func goSafeK8(f func()) {
	go func() {
		defer func() { _ = recover() }()
		f()
	}()
}

// A deferred `Done` runs while the panic unwinds, before the wrapper recovers it
// (deferred calls run on a panicking way out; weaviate, audit 8).
func TestPanicK8(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	goSafeK8(func() {
		defer wg.Done()
		panic("boom")
	})
	wg.Wait()
}
