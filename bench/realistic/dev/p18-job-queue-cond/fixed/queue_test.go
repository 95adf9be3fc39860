package jobs

import (
	"sync"
	"testing"

	"go.uber.org/goleak"
)

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
	q.Close()
}
