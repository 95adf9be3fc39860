package ping

import (
	"testing"
	"time"
)

// The ticker is stopped on the way out that passes; the other return follows
// t.Errorf, a way out only of a test that already failed.
func TestPingsUntilPong(t *testing.T) {
	pong := make(chan bool, 1)
	go func() { pong <- true }()
	tick := time.NewTicker(10 * time.Millisecond)
	for {
		select {
		case <-tick.C:
		case <-time.After(time.Second):
			t.Errorf("no pong within a second")
			return
		case <-pong:
			tick.Stop()
			return
		}
	}
}
