package pool

import (
	"sync"
	"testing"
	"time"
)

type conns struct {
	mu   sync.Mutex
	idle []int
}

func (c *conns) sweep() {
	c.mu.Lock()
	c.idle = c.idle[:0]
	c.mu.Unlock()
}

// The sweeper ranges over its ticks for good: it outlives the test and ticks
// through every later test of the binary, a goroutine leak goleak reports.
func TestSweepsIdleConns(t *testing.T) {
	c := &conns{idle: []int{1, 2}}
	go func() {
		tick := time.NewTicker(time.Millisecond) // want "ticker `tick` is never stopped"
		for range tick.C {
			c.sweep()
		}
	}()
	time.Sleep(5 * time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.idle) != 0 {
		t.Fatal("idle connections were not swept")
	}
}
