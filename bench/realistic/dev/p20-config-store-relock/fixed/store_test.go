package confstore

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestCompactKeepsNewest(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := New(2)
	for _, b := range []string{"a", "b", "c", "d"} {
		s.Put("app.yaml", b)
	}
	trimmed := make(chan int, 1)
	s.CompactAsync(func(n int) { trimmed <- n })
	select {
	case n := <-trimmed:
		if n != 2 {
			t.Fatalf("trimmed %d", n)
		}
	case <-time.After(50 * time.Millisecond):
		t.Log("compaction still running")
	}
}
