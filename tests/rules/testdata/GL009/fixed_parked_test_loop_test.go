package tickexample

import (
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock hands out tick channels that only its Add feeds: a test's clock.
type fakeClock struct{ ticks []chan time.Time }

func (c *fakeClock) Tick(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.ticks = append(c.ticks, ch)
	return ch
}

func (c *fakeClock) Add(d time.Duration) {
	for _, ch := range c.ticks {
		select {
		case ch <- time.Now():
		default:
		}
	}
}

// TEST_LOOPS_PARK: the counter waits on the fake clock alone. Once the test stops
// advancing it, the goroutine parks on its receive until the test binary exits,
// running nothing meanwhile: left there on purpose, not a leak worth a warning.
func TestFakeTickCounting(t *testing.T) {
	var n int32
	clock := &fakeClock{}
	tick := clock.Tick(time.Second)
	go func() {
		for {
			<-tick
			atomic.AddInt32(&n, 1)
		}
	}()
	clock.Add(time.Second)
	time.Sleep(10 * time.Millisecond)
	if atomic.LoadInt32(&n) != 1 {
		t.Fatalf("ticks %d", n)
	}
}

// The near miss of ticker_in_test_test.go: the test stops the ticker before it ends,
// and the counter then parks on the stopped ticker's channel.
func TestStoppedTickerCounting(t *testing.T) {
	var n int32
	tick := time.NewTicker(time.Millisecond)
	go func() {
		for range tick.C {
			atomic.AddInt32(&n, 1)
		}
	}()
	time.Sleep(5 * time.Millisecond)
	tick.Stop()
	if atomic.LoadInt32(&n) == 0 {
		t.Fatal("no ticks")
	}
}
