package ping

import (
	"testing"
	"time"
)

// Giving up without failing the test is a way out a passing run takes: the ticker
// keeps running after it.
func TestPingsForAWhile(t *testing.T) {
	pong := make(chan bool, 1)
	go func() { pong <- true }()
	tick := time.NewTicker(10 * time.Millisecond) // want "ticker `tick` is not stopped on every path: the return at line 19 leaves it running"
	for {
		select {
		case <-tick.C:
		case <-time.After(time.Second):
			t.Log("no pong within a second; giving up")
			return
		case <-pong:
			tick.Stop()
			return
		}
	}
}
