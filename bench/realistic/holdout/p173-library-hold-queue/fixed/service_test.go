package holds

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

type recordingNotifier struct {
	mu      sync.Mutex
	ready   chan Hold
	expired []Hold
}

func (n *recordingNotifier) HoldReady(ctx context.Context, h Hold) error {
	n.ready <- h
	return nil
}

func (n *recordingNotifier) HoldExpired(ctx context.Context, h Hold) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.expired = append(n.expired, h)
	return nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCloseWithFullPickupShelf(t *testing.T) {
	defer goleak.VerifyNone(t)

	n := &recordingNotifier{ready: make(chan Hold, 4)}
	svc, err := New(Config{
		Notifier:      n,
		Clock:         fixedClock{t: time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)},
		ShelfCapacity: 1,
	})
	if err != nil {
		t.Fatal(err)
	}

	first, err := svc.Place("bib-1001", "patron-ana")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Place("bib-2002", "patron-ben"); err != nil {
		t.Fatal(err)
	}

	if _, ok, err := svc.CheckIn("bib-1001"); err != nil || !ok {
		t.Fatalf("CheckIn(bib-1001) = %v, %v", ok, err)
	}
	select {
	case h := <-n.ready:
		if h.ID != first.ID {
			t.Fatalf("ready notification for %s, want %s", h.ID, first.ID)
		}
	case <-time.After(time.Second):
		t.Fatal("no ready notification for first hold")
	}

	// The shelf is now full; the second copy has to wait for a slot.
	if _, ok, err := svc.CheckIn("bib-2002"); err != nil || !ok {
		t.Fatalf("CheckIn(bib-2002) = %v, %v", ok, err)
	}
	waitFor(t, "second copy to wait for a shelf slot", func() bool {
		return svc.Stats().AwaitingShelf == 1
	})

	if err := svc.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := svc.Stats().OnShelf; got != 1 {
		t.Fatalf("OnShelf = %d, want 1", got)
	}
	select {
	case h := <-n.ready:
		t.Fatalf("unexpected ready notification after close: %+v", h)
	default:
	}
}

func TestCollectFreesSlot(t *testing.T) {
	defer goleak.VerifyNone(t)

	n := &recordingNotifier{ready: make(chan Hold, 4)}
	svc, err := New(Config{Notifier: n, Clock: fixedClock{t: time.Unix(0, 0)}, ShelfCapacity: 1})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := svc.Place("bib-1", "p1")
	b, _ := svc.Place("bib-2", "p2")
	if _, _, err := svc.CheckIn("bib-1"); err != nil {
		t.Fatal(err)
	}
	if h := <-n.ready; h.ID != a.ID {
		t.Fatalf("first ready = %s, want %s", h.ID, a.ID)
	}
	if _, _, err := svc.CheckIn("bib-2"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "second copy to wait for a shelf slot", func() bool {
		return svc.Stats().AwaitingShelf == 1
	})
	if err := svc.Collect(a.ID); err != nil {
		t.Fatal(err)
	}
	if h := <-n.ready; h.ID != b.ID {
		t.Fatalf("second ready = %s, want %s", h.ID, b.ID)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
}
