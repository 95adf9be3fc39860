package sessions

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestGetHonoursCancellation(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewStore()
	defer s.Close()
	// A clock that stalls the loop the way a slow expiry check would.
	s.now = func() time.Time {
		time.Sleep(100 * time.Millisecond)
		return time.Time{}
	}
	s.Put("t1", Session{User: "ada", Expires: time.Now().Add(time.Hour)})

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := s.Get(ctx, "t1"); err == nil {
		t.Fatal("want a deadline error")
	}
}
