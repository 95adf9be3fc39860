package tickexample

import (
	"sync/atomic"
	"testing"
	"time"
)

// The refresher stops its ticker in a defer, which runs only when the goroutine
// returns, and the range over the ticks never returns: it goes on refreshing every
// millisecond through every later test of the binary.
func TestRefreshesSnapshot(t *testing.T) {
	var snapshot int64
	go func() {
		ticker := time.NewTicker(time.Millisecond)
		defer ticker.Stop()
		for range ticker.C { // want "ranges over `ticker.C`, which is never closed"
			atomic.AddInt64(&snapshot, 1)
		}
	}()
	time.Sleep(5 * time.Millisecond)
	if atomic.LoadInt64(&snapshot) == 0 {
		t.Fatal("no refresh")
	}
}
