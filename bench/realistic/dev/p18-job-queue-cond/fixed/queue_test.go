package jobs

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// parked waits until n goroutines are blocked in the queue's Cond.Wait, so that Close
// always finds the consumers waiting (under load they could otherwise still be on their
// way back to Take, see closed, and leave, which hid the leak).
func parked(n int) {
	deadline := time.Now().Add(2 * time.Second)
	buf := make([]byte, 1<<20)
	for time.Now().Before(deadline) {
		stacks := string(buf[:runtime.Stack(buf, true)])
		if strings.Count(stacks, "sync.(*Cond).Wait") >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func TestConsumersStopOnClose(t *testing.T) {
	defer goleak.VerifyNone(t)
	q := NewQueue()
	var wg sync.WaitGroup
	wg.Add(3)
	for i := 0; i < 2; i++ {
		Consume(q, func(Job) { wg.Done() })
	}
	for i := 1; i <= 3; i++ {
		if err := q.Put(Job{ID: i}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	parked(2)
	q.Close()
}
