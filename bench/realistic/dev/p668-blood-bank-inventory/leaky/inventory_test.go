package bloodbank

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func bags(t BloodType, n int, now time.Time) []Unit {
	out := make([]Unit, n)
	for i := range out {
		out[i] = Unit{
			ID:        fmt.Sprintf("%v-%03d", t, i),
			Type:      t,
			Collected: now.AddDate(0, 0, -7),
			Expires:   now.AddDate(0, 0, 35-i),
		}
	}
	return out
}

func await(t *testing.T, ch <-chan Allocation) (Allocation, bool) {
	t.Helper()
	select {
	case a := <-ch:
		return a, true
	case <-time.After(500 * time.Millisecond):
		return Allocation{}, false
	}
}

func TestCloseFailsWaitingRequests(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 9, 14, 3, 0, 0, 0, time.UTC)
	inv := New(WithClock(fixedClock(now)))
	inv.Receive(bags(APos, 3, now)...)

	a, ok := await(t, inv.Request(Request{Patient: "bed-12", Recipient: ABPos, Units: 2}))
	if !ok || a.Err != nil || len(a.Units) != 2 {
		t.Fatalf("AB+ request: got %+v (ok=%v), want 2 units", a, ok)
	}
	if a.Units[0].ID != "A+-002" {
		t.Errorf("first unit %s, want the earliest expiring A+-002", a.Units[0].ID)
	}

	pending := inv.Request(Request{Patient: "trauma-3", Recipient: ONeg, Units: 2})
	deadline := time.Now().Add(2 * time.Second)
	for inv.Backlog() != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("O- request never started waiting")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := inv.Available()[APos]; got != 1 {
		t.Errorf("A+ available = %d, want 1", got)
	}

	inv.Close()
	a, ok = await(t, pending)
	if !ok {
		t.Errorf("waiting O- request not released by Close")
	} else if !errors.Is(a.Err, ErrClosed) {
		t.Errorf("waiting O- request: err = %v, want ErrClosed", a.Err)
	}
}
