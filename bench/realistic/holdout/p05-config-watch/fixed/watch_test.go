package flags

import (
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type flippingSource struct{ polls int32 }

func (s *flippingSource) Snapshot() (map[string]bool, error) {
	n := atomic.AddInt32(&s.polls, 1)
	return map[string]bool{"new-checkout": n%2 == 0}, nil
}

func TestWaitForFlip(t *testing.T) {
	defer goleak.VerifyNone(t)
	if !WaitFor(&flippingSource{}, "new-checkout", true, 100*time.Millisecond) {
		t.Fatal("flag never flipped")
	}
}
