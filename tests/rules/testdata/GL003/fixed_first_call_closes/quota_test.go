package quota

import (
	"sync"
	"testing"
)

func TestAcquireWaitsForRelease(t *testing.T) {
	q := New(100)
	defer q.Close()
	if !q.Acquire(100) {
		t.Fatal("first acquire failed")
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if !q.Acquire(50) {
			t.Error("acquire failed")
		}
	}()
	q.Release(50)
	wg.Wait()
}
