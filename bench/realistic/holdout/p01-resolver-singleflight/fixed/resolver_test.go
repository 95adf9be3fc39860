package resolver

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestFailedLookupIsShared(t *testing.T) {
	defer goleak.VerifyNone(t)
	var calls int32
	r := New(func(host string) ([]string, error) {
		atomic.AddInt32(&calls, 1)
		time.Sleep(50 * time.Millisecond) // a slow upstream: the other callers pile up behind this one
		return nil, errors.New("SERVFAIL")
	})
	results := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			_, err := r.Resolve("db.internal")
			results <- err
		}()
	}
	select {
	case err := <-results:
		if err == nil {
			t.Fatal("want an error")
		}
	case <-time.After(time.Second):
		t.Fatal("no caller returned")
	}
}
