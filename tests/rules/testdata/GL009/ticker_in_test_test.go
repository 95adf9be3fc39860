package tickexample

import (
	"testing"
	"time"
)

// The same loop in a test: it outlives the test, and a leak checker run after it
// finds the goroutine. (The ticker itself is a test's timer, gone with the test
// binary: GL018 leaves it to this finding.)
func TestTickerCounting(t *testing.T) {
	ticker := time.NewTicker(time.Millisecond)
	counts := make(chan int, 1)
	go func() {
		n := 0
		for { // want "goroutine never returns: the `for` at line 16 has no return or break"
			<-ticker.C
			n++
			select {
			case counts <- n:
			default:
			}
		}
	}()
	if got := <-counts; got != 1 {
		t.Fatalf("first count %d", got)
	}
}
