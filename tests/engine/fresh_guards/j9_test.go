package fresh

import (
	"testing"
	"time"
)

type beaconJ9 struct{ quit chan struct{} }

func (b *beaconJ9) start() {
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-b.quit:
				return
			case <-tick.C:
			}
		}
	}()
}

func (b *beaconJ9) halt() { b.quit <- struct{}{} }

// The deferred recover reports a panic as a failure: a panicking path is a failing
// test, not a way the test returns with the beacon running (RECOVERED_TEST_FAILS).
func TestBeaconJ9(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("panic: %v", r)
		}
	}()
	b := &beaconJ9{quit: make(chan struct{})}
	b.start()
	time.Sleep(time.Millisecond)
	b.halt()
}
