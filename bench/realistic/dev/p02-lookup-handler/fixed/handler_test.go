package lookup

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

type slowBackend struct{ delay time.Duration }

func (b slowBackend) Profile(id string) (Profile, error) {
	time.Sleep(b.delay)
	return Profile{Name: "Ada", Email: id + "@example.com"}, nil
}

func TestLookupTimesOut(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := &Handler{Backend: slowBackend{delay: 30 * time.Millisecond}, Timeout: 5 * time.Millisecond}
	if got := h.ServeLookup(Request{UserID: "ada"}); got.Status != 504 {
		t.Fatalf("status = %d, want 504", got.Status)
	}
	fast := &Handler{Backend: slowBackend{}, Timeout: time.Second}
	if got := fast.ServeLookup(Request{UserID: "ada"}); got.Status != 200 {
		t.Fatalf("status = %d, want 200", got.Status)
	}
}
