package trace

import (
	"runtime"
	"testing"
)

func record(t *testing.T) []string {
	t.Helper()
	return []string{"park", "send", "recv"}
}

// A tracer's test parks goroutines on purpose, to find them blocked in the trace:
// `select {}` as all a goroutine does, or a nil channel declared just before the
// operation and used nowhere else (DELIBERATE_PARK).
func TestBlockedStacks(t *testing.T) {
	go func() {
		runtime.Gosched()
		select {}
	}()
	go func() {
		var c chan int
		c <- 0
	}()
	go func() {
		var c chan int
		<-c
	}()
	if got := record(t); len(got) != 3 {
		t.Fatalf("got %d stacks", len(got))
	}
}
