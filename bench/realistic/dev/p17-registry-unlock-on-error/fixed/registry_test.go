package discovery

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestBadAddressIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := NewRegistry(time.Minute, time.Millisecond)
	if err := r.Register("billing", "10.0.0.1:8080"); err != nil {
		t.Fatal(err)
	}
	if err := r.Register("billing", "10.0.0.2"); err == nil {
		t.Fatal("want an error for a missing port")
	}
	time.Sleep(5 * time.Millisecond) // let the janitor sweep
	r.Close()
}
